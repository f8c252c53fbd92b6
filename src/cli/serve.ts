/**
 * `policy-qa serve` (npm start). With WORKERS > 1 the primary process forks workers that share the port
 * (one per core serves twice the requests): the first worker builds the index if needed, the others
 * start once it is ready and load it from disk. A worker that dies is replaced.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config.ts';
import { createLogger, type Logger } from '../logger.ts';
import { startRuntime } from '../runtime.ts';
import { startServer } from '../server/app.ts';

const READY = 'policy-qa:ready';
const RESPAWN_DELAY_MS = 1000;
/** Workers dying this often (a port in use, a broken library) are not worth replacing forever. */
const MAX_DEATHS = 5;
const DEATH_WINDOW_MS = 60_000;

async function runServer(config: Config, log: Logger): Promise<void> {
  const runtime = startRuntime(config, log);
  // A later worker joins the port only when ready, so health never flips back to not-ready.
  if (cluster.isWorker && (cluster.worker?.id ?? 1) > 1) await runtime.started;
  const running = await startServer({ config, runtime, log });
  if (cluster.isPrimary) log.info(`policy-qa listening on ${running.url} (chat at ${running.url}/)`);
  void runtime.started.then(() => {
    if (runtime.status().ready) process.send?.({ type: READY });
  });
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down');
    void running.close().then(() => {
      runtime.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function runPrimary(config: Config, log: Logger): void {
  let stopping = false;
  let started = 0;
  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on('message', (message: { type?: string }) => {
      if (message.type !== READY) return;
      // The first worker has the index on disk now: the others load it instead of building it again.
      while (started < config.WORKERS) {
        started++;
        if (started > 1) fork();
      }
    });
    return worker;
  };
  const deaths: number[] = [];
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    deaths.push(Date.now());
    while ((deaths[0] ?? Infinity) < Date.now() - DEATH_WINDOW_MS) deaths.shift();
    if (deaths.length >= MAX_DEATHS) {
      log.fatal({ deaths: deaths.length }, 'workers keep dying, giving up');
      process.exit(1);
    }
    log.error({ pid: worker.process.pid, code }, 'worker died, starting another');
    setTimeout(fork, RESPAWN_DELAY_MS);
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  log.info(`policy-qa starting ${config.WORKERS} workers on http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}/`);
  fork();
}

export async function serveCommand(config: Config): Promise<void> {
  const log = createLogger(config.LOG_LEVEL);
  if (config.WORKERS > 1 && cluster.isPrimary) return runPrimary(config, log);
  await runServer(config, log);
}
