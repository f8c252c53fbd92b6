/**
 * The server as an operator runs it, in child processes: a first build into an empty embeddings folder
 * (time to ready, peak memory), a restart on what it built, then load on the running server.
 */
import type { ChildProcess } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';
import { freePort, startChild, stopChild } from './http-bench.ts';
import { watchPeakRss } from './process-stats.ts';

const CLI = path.join(PROJECT_ROOT, 'src', 'cli', 'policy-qa.mjs');
/** Logged by each worker's runtime when its indexes are loaded. */
const READY_LINE = /"msg":"ready"/gu;

export interface ServerSetup {
  libraryDir: string;
  embeddingsDir: string;
  dataDir: string;
  workers: number;
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first `ready: true` on /api/health. */
  readyMs: number;
  /** Peak resident memory of the process tree from spawn until every worker is ready, bytes. */
  peakRss: number;
  stop(): Promise<void>;
}

/**
 * Starts `policy-qa serve` (or the baseline) and resolves once it answers ready and, for serve, every
 * worker has logged that it is ready.
 */
export async function startServer(setup: ServerSetup, command: 'serve' | 'bench-baseline' = 'serve'): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const began = performance.now();
  const { child, ready } = startChild([CLI, command], {
    PORT: String(port), HOST: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'info', WORKERS: String(setup.workers),
    LIBRARY_DIR: setup.libraryDir, EMBEDDINGS_DIR: setup.embeddingsDir, DATA_DIR: setup.dataDir, ALLOW_REMOTE_MODELS: 'false',
  }, `${url}/api/health`);
  const peak = watchPeakRss(child.pid ?? 0);
  let readyLines = 0;
  let allReady: () => void = () => {};
  const workersReady = new Promise<void>((resolve) => (allReady = resolve));
  if (command !== 'serve') allReady();
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    readyLines += text.match(READY_LINE)?.length ?? 0;
    if (readyLines >= setup.workers) allReady();
  });
  try {
    await ready;
  } catch (error) {
    peak.stop();
    throw error;
  }
  const readyMs = performance.now() - began;
  // A worker that never says so (a changed log line) must not hang the bench: 60 s is far past any load.
  await Promise.race([workersReady, new Promise((resolve) => setTimeout(resolve, 60_000).unref())]);
  return { url, child, readyMs, peakRss: peak.stop(), stop: () => stopChild(child) };
}

/** Bytes of every file under a folder. */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}
