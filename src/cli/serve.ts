/** `policy-qa serve` (npm start): the server, with start-up in the background and a clean stop on signals. */
import type { Config } from '../config.ts';
import { createLogger } from '../logger.ts';
import { startRuntime } from '../runtime.ts';
import { startServer } from '../server/app.ts';

export async function serveCommand(config: Config): Promise<void> {
  const log = createLogger(config.LOG_LEVEL);
  const runtime = startRuntime(config, log);
  const running = await startServer({ config, runtime, log });
  log.info(`policy-qa listening on ${running.url} (chat at ${running.url}/)`);
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down');
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
