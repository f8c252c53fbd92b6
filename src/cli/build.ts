/**
 * `policy-qa build`: builds the built-in model and the indexes (what a first `serve` does), then exits.
 * `serve` runs it as a child process so that its own event loop stays free; run by hand, it prepares
 * `EMBEDDINGS_DIR` before a deployment.
 */
import type { Config } from '../config.ts';
import { createLogger } from '../logger.ts';
import type { BuildMessage } from '../offline-build.ts';
import { startRuntime } from '../runtime.ts';

export async function buildCommand(config: Config): Promise<void> {
  // Its log goes where the server's goes (stdout), so a first start reads as one story.
  const log = createLogger(config.LOG_LEVEL);
  // The server that started this build is gone (killed): nobody waits for it.
  process.on('disconnect', () => process.exit(1));
  // The server's own stages follow this build: its `ready` is not the server's.
  const report = (stage: string) => stage !== 'ready' && process.send?.({ type: 'policy-qa:build-stage', stage } satisfies BuildMessage);
  const runtime = startRuntime(config, log, { onStage: report });
  await runtime.started;
  const status = runtime.status();
  if (!status.ready || status.error) {
    process.stderr.write(`policy-qa: build failed: ${status.error ?? 'not ready'}\n`);
    process.exit(1);
  }
  log.flush();
  process.exit(0);
}
