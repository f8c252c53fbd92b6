/**
 * Builds the built-in model and the dense index of the seeds once, before any test file runs, into the
 * project's `embeddings/` (as `npm start` would); test files then load them in a second or two.
 */
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { startRuntime } from '../src/runtime.ts';

export default async function buildIndexOnce(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
  const runtime = startRuntime(config, createLogger('warn'));
  await runtime.started;
  const status = runtime.status();
  if (!status.ready || status.model === null) throw new Error(`the test index could not be built: ${status.error ?? 'not ready'}`);
}
