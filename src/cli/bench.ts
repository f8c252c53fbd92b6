/**
 * `npm run bench`: the server as an operator runs it (first build, restart, load against its own
 * GET /api/health floor, the naive baseline), or with `--scale` the cost curve of a growing library.
 * Prints a table and writes the figures as JSON.
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { load } from '../bench/http-bench.ts';
import { timeInProcess } from '../bench/in-process.ts';
import { requestKinds, runSuite } from '../bench/load-suite.ts';
import { treeRss } from '../bench/process-stats.ts';
import { formatMain, formatScale, type MainResults, type ScaleRow } from '../bench/report.ts';
import { writeScaledLibrary } from '../bench/scaled-library.ts';
import { folderBytes, type ServerSetup, startServer } from '../bench/server-runs.ts';
import { DEV_SET, PROJECT_ROOT, type Config } from '../config.ts';
import { readQuestionSet } from '../eval/run-eval.ts';
import { loadLibrary } from '../library/library.ts';
import { createLogger } from '../logger.ts';
import { startRuntime } from '../runtime.ts';
import { createBaselineApp } from '../bench/baseline.ts';

export interface BenchOptions {
  set?: string | undefined;
  seconds: number;
  concurrency: number[];
  scale?: number[] | undefined;
  scaleSeconds: number;
}

const RESULTS_DIR = path.join(PROJECT_ROOT, 'bench');
const out = (text: string) => process.stdout.write(`${text}\n`);
const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);

async function writeResults(file: string, results: unknown): Promise<void> {
  // Atomic like every stored file: a bench stopped midway leaves the previous results whole.
  const target = path.join(RESULTS_DIR, file);
  const temporary = `${target}.tmp-${process.pid}`;
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(temporary, `${JSON.stringify(results, null, 2)}\n`);
  await rename(temporary, target);
}

function machine(): Record<string, unknown> {
  return { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version, at: new Date().toISOString() };
}

async function benchServer(config: Config, questions: string[], options: BenchOptions, work: string): Promise<MainResults> {
  const setup: ServerSetup = { libraryDir: config.LIBRARY_DIR, embeddingsDir: path.join(work, 'embeddings'), dataDir: path.join(work, 'data'), workers: config.WORKERS };
  progress(`first build into an empty ${setup.embeddingsDir} (${setup.workers} workers)`);
  const first = await startServer(setup);
  await first.stop();
  progress('restart on what it built');
  const server = await startServer(setup);
  let suite;
  let servingRss;
  try {
    progress(`load: ${options.concurrency.join('/')} connections × ${options.seconds} s per run`);
    suite = await runSuite(server.url, questions, { seconds: options.seconds, concurrency: options.concurrency });
    servingRss = treeRss(server.child.pid ?? 0);
  } finally {
    await server.stop();
  }
  progress('naive baseline');
  const baseline = await startServer({ ...setup, workers: 1 }, 'bench-baseline');
  let baselineRow;
  try {
    const kind = requestKinds(questions)['POST /api/ask, questions repeating'];
    if (!kind) throw new Error('no repeating-question kind');
    await load('warm-up', baseline.url, kind, { connections: 4, seconds: 1 });
    baselineRow = await load('baseline Express + MiniSearch, POST /api/ask', baseline.url, kind, { connections: 16, seconds: options.seconds });
  } finally {
    await baseline.stop();
  }
  progress('in-process timings');
  const runtime = startRuntime({ ...config, EMBEDDINGS_DIR: setup.embeddingsDir, DATA_DIR: setup.dataDir }, createLogger('warn', 'stderr'));
  await runtime.started;
  const inProcess = await timeInProcess(runtime, questions);
  runtime.close();
  return {
    machine: machine(), workers: setup.workers, seconds: options.seconds,
    firstBuild: { readyMs: first.readyMs, peakRss: first.peakRss }, restartReadyMs: server.readyMs, servingRss,
    load: suite, baseline: baselineRow, inProcess,
  };
}

async function benchScale(config: Config, questions: string[], options: BenchOptions & { scale: number[] }, work: string): Promise<ScaleRow[]> {
  const kinds = requestKinds(questions);
  const ask = kinds['POST /api/ask, every question new'];
  if (!ask) throw new Error('no new-question kind');
  const rows: ScaleRow[] = [];
  for (const copies of [...new Set([1, ...options.scale])].sort((a, b) => a - b)) {
    const setup: ServerSetup = { libraryDir: path.join(work, `library-${copies}`), embeddingsDir: path.join(work, `embeddings-${copies}`), dataDir: path.join(work, 'data'), workers: 1 };
    await writeScaledLibrary(config.LIBRARY_DIR, setup.libraryDir, copies);
    progress(`×${copies}: first build (one worker)`);
    const first = await startServer(setup);
    await first.stop();
    const indexBytes = await folderBytes(setup.embeddingsDir);
    const server = await startServer(setup);
    try {
      const health = (await (await fetch(`${server.url}/api/health`)).json()) as { chunks: number };
      progress(`×${copies}: ${health.chunks} chunks, sequential asks for ${options.scaleSeconds} s`);
      await load('warm-up', server.url, ask, { connections: 1, seconds: 1 });
      const asks = await load('ask', server.url, ask, { connections: 1, seconds: options.scaleSeconds });
      rows.push({ copies, chunks: health.chunks, buildMs: first.readyMs, peakRss: first.peakRss, indexBytes, restartReadyMs: server.readyMs, servingRss: treeRss(server.child.pid ?? 0), askP50: asks.p50, askP99: asks.p99, errors: asks.errors });
    } finally {
      await server.stop();
    }
    await rm(setup.libraryDir, { recursive: true, force: true });
    await rm(setup.embeddingsDir, { recursive: true, force: true });
  }
  return rows;
}

export async function benchCommand(config: Config, options: BenchOptions): Promise<void> {
  const questions = (await readQuestionSet(options.set ?? DEV_SET)).map((question) => question.question);
  const work = await mkdtemp(path.join(tmpdir(), 'policy-qa-bench-'));
  try {
    if (options.scale) {
      const rows = await benchScale(config, questions, { ...options, scale: options.scale }, work);
      await writeResults('scale-results.json', { machine: machine(), askSeconds: options.scaleSeconds, rows });
      out(formatScale(rows));
    } else {
      const results = await benchServer(config, questions, options, work);
      await writeResults('results.json', results);
      out(formatMain(results));
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The baseline server, in its own process like ours. */
export async function baselineCommand(config: Config): Promise<void> {
  const library = await loadLibrary(config.LIBRARY_DIR);
  createBaselineApp(library.chunks).listen(config.PORT, config.HOST);
}
