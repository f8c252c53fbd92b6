/**
 * Before any test file runs: compiles dist/ if a source changed since (the command runs it, the package
 * exports it; compiled here once, not while tests start servers from it), and builds the built-in model
 * and the indexes of the seeds into the project's `embeddings/` (as `npm start` would); test files then
 * load them in a second or two.
 */
import { execFileSync } from 'node:child_process';
import { compiledIsCurrent } from '../src/cli/compiled.mjs';
import { loadConfig, PROJECT_ROOT } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { startRuntime } from '../src/runtime.ts';

export default async function buildOnce(): Promise<void> {
  if (!compiledIsCurrent()) execFileSync('npm', ['run', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
  const runtime = startRuntime(config, createLogger('warn'));
  await runtime.started;
  const status = runtime.status();
  if (!status.ready || status.model === null) throw new Error(`the test index could not be built: ${status.error ?? 'not ready'}`);
}
