/** The real runtime on the real seeds, shared by the tests of one file (the index is built by global setup). */
import { type Config, loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { type Runtime, startRuntime } from '../../src/runtime.ts';

let shared: Promise<{ runtime: Runtime; config: Config }> | null = null;

export function seedsRuntime(): Promise<{ runtime: Runtime; config: Config }> {
  shared ??= (async () => {
    const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
    const runtime = startRuntime(config, createLogger('silent'));
    await runtime.started;
    return { runtime, config };
  })();
  return shared;
}
