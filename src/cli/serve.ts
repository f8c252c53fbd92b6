/**
 * `policy-qa serve` (npm start). With WORKERS > 1 the primary process forks workers that share the port
 * (one per core serves twice the requests): the first worker builds the index if needed, the others
 * start once it is ready and load it from disk. A worker that dies is replaced, unless shutdown has begun.
 * SIGTERM or SIGINT drains: no new connections, answers in flight finish within SHUTDOWN_TIMEOUT_MS, exit 0.
 * A worker that changed the library (admin API) says so; the primary tells the others, which load the
 * new state from disk.
 */
import cluster, { type Worker } from 'node:cluster';
import { ClusterMemoryStorePrimary } from '@express-rate-limit/cluster-memory-store';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import { createLogger, type Logger } from '../logger.ts';

const READY = 'policy-qa:ready';
const CHANGED = 'policy-qa:library-changed';
const RELOAD = 'policy-qa:reload';
const RESPAWN_DELAY_MS = 1000;
/** Workers dying this often (a port in use, a broken library) are not worth replacing forever. */
const MAX_DEATHS = 5;
const DEATH_WINDOW_MS = 60_000;
/** Beyond a worker's own bound: what its exit may take before the primary kills it. */
const EXIT_MARGIN_MS = 5000;

function onStopSignal(stop: (signal: string) => void): void {
  let stopping = false;
  const once = (signal: string) => {
    // A second signal while draining (a supervisor repeating itself) changes nothing.
    if (stopping) return;
    stopping = true;
    stop(signal);
  };
  process.on('SIGINT', once);
  process.on('SIGTERM', once);
}

async function runServer(config: Config, log: Logger): Promise<void> {
  // Loaded here, not in the primary, which only forks: each worker starts sooner.
  const [{ startRuntime }, { startServer }, { buildInChild }] = await Promise.all([import('../runtime.ts'), import('../server/app.ts'), import('../offline-build.ts')]);
  // The build runs in a child process: this one answers health and the page all along.
  const runtime = startRuntime(config, log, {
    buildElsewhere: (onStage, signal) => buildInChild(config, onStage, signal),
    onChange: () => process.send?.({ type: CHANGED }),
  });
  process.on('message', (message: { type?: string }) => {
    if (message.type !== RELOAD) return;
    runtime.reload().catch((error: unknown) => log.error({ err: error }, 'could not load the changed library; serving the previous one'));
  });
  // A later worker joins the port only when ready, so health never flips back to not-ready.
  if (cluster.isWorker && (cluster.worker?.id ?? 1) > 1) await runtime.started;
  const running = await startServer({ config, runtime, log });
  log.info({ url: running.url }, `policy-qa listening on ${running.url} (chat at ${running.url}/)`);
  void runtime.started.then(() => {
    if (runtime.status().ready) process.send?.({ type: READY });
  });
  onStopSignal((signal) => {
    log.info({ signal, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutting down: finishing the answers in flight');
    void running.close(config.SHUTDOWN_TIMEOUT_MS).then(() => {
      runtime.close();
      log.info('stopped');
      log.flush();
      process.exit(0);
    });
  });
}

function runPrimary(config: Config, log: Logger): void {
  // Keeps the per-client rate-limit counts of every worker, so a client's budget is one, not one per worker.
  new ClusterMemoryStorePrimary().init();
  let stopping = false;
  let started = 0;
  const respawns = new Set<NodeJS.Timeout>();
  const fork = (): Worker | undefined => {
    if (stopping) return undefined;
    const worker = cluster.fork();
    worker.on('message', (message: { type?: string }) => {
      if (message.type === CHANGED) {
        for (const other of Object.values(cluster.workers ?? {})) if (other && other !== worker && other.isConnected()) other.send({ type: RELOAD });
        return;
      }
      if (message.type !== READY) return;
      // The first worker has the index on disk now: the others load it instead of building it again.
      while (started < config.WORKERS && !stopping) {
        started++;
        if (started > 1) fork();
      }
    });
    return worker;
  };
  const alive = () => Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined && !worker.isDead());
  const deaths: number[] = [];
  cluster.on('exit', (worker, code) => {
    if (stopping) {
      if (alive().length === 0) {
        log.info('stopped');
        log.flush();
        process.exit(0);
      }
      return;
    }
    deaths.push(Date.now());
    while ((deaths[0] ?? Infinity) < Date.now() - DEATH_WINDOW_MS) deaths.shift();
    if (deaths.length >= MAX_DEATHS) {
      log.fatal({ deaths: deaths.length }, 'workers keep dying, giving up');
      process.exit(1);
    }
    log.error({ pid: worker.process.pid, code }, 'worker died, starting another');
    const timer = setTimeout(() => {
      respawns.delete(timer);
      fork();
    }, RESPAWN_DELAY_MS);
    respawns.add(timer);
  });
  onStopSignal((signal) => {
    stopping = true;
    // A worker that died just before must not be replaced now (regression: a replacement kept serving).
    for (const timer of respawns) clearTimeout(timer);
    const workers = alive();
    log.info({ signal, workers: workers.length }, 'shutting down');
    if (workers.length === 0) process.exit(0);
    // The signal itself, not cluster's disconnect: a worker drains its connections, then exits.
    for (const worker of workers) worker.process.kill('SIGTERM');
    setTimeout(() => {
      log.error('workers did not stop in time, killing them');
      for (const worker of alive()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + EXIT_MARGIN_MS).unref();
  });
  log.info(`policy-qa starting ${config.WORKERS} workers on http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}/`);
  fork();
}

/** Why `dir` cannot hold files (a path under a file, a read-only mount), or null when it can. */
async function unwritable(dir: string): Promise<string | null> {
  const probe = path.join(dir, `.write-test-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, '');
    await rm(probe);
    return null;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    return code === 'ENOTDIR' || code === 'EEXIST' ? `${code}: a part of the path is a file` : (code ?? message);
  }
}

export async function serveCommand(config: Config): Promise<void> {
  const log = createLogger(config.LOG_LEVEL);
  if (cluster.isPrimary) {
    // Found out now, not after a build whose result could not be kept.
    for (const key of ['EMBEDDINGS_DIR', 'DATA_DIR'] as const) {
      const reason = await unwritable(config[key]);
      if (reason === null) continue;
      process.stderr.write(`policy-qa: ${key}=${config[key]} cannot be written (${reason}): expected a folder this process may create files in\n`);
      process.exit(2);
    }
  }
  if (config.WORKERS > 1 && cluster.isPrimary) return runPrimary(config, log);
  await runServer(config, log);
}
