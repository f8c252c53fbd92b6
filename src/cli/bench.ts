/**
 * `npm run bench`: search time in-process and POST /api/ask under load, each against the naive
 * baseline (Express + MiniSearch OR queries) measured in the same run. Figures are medians.
 */
import path from 'node:path';
import { createBaselineApp, createBaselineIndex } from '../bench/baseline.ts';
import { loadLibrary } from '../library/library.ts';
import { freePort, loadAsk, startChild, stopChild, type LoadResult } from '../bench/http-bench.ts';
import { DEV_SET, PROJECT_ROOT, type Config } from '../config.ts';
import { median, readQuestionSet } from '../eval/run-eval.ts';
import { createLogger } from '../logger.ts';
import { startRuntime } from '../runtime.ts';
import { RETRIEVERS } from '../search/searcher.ts';

const DEFAULT_SET = DEV_SET;
const ROUNDS = 5;

/** Median over questions of the median of ROUNDS timings, after one warm-up round. */
async function timeEach(questions: readonly string[], run: (question: string) => unknown): Promise<number> {
  const perQuestion: number[] = [];
  for (const question of questions) await run(question);
  for (const question of questions) {
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const began = performance.now();
      await run(question);
      times.push(performance.now() - began);
    }
    perQuestion.push(median(times));
  }
  return median(perQuestion);
}

export async function benchCommand(config: Config, options: { set?: string | undefined; seconds: number; connections: number }): Promise<void> {
  const questions = (await readQuestionSet(options.set ?? DEFAULT_SET)).map((question) => question.question);
  const runtime = startRuntime(config, createLogger('warn', 'stderr'));
  await runtime.started;
  const searcher = runtime.searcher();
  const baseline = createBaselineIndex(searcher.chunks);
  const out = (line: string) => process.stdout.write(`${line}\n`);

  out(`in-process search, median of ${questions.length} questions × ${ROUNDS} rounds (ms)`);
  const baselineMs = await timeEach(questions, (question) => baseline.search(question));
  out(`  baseline MiniSearch OR   ${baselineMs.toFixed(3)}`);
  for (const retriever of RETRIEVERS) {
    const ms = await timeEach(questions, (question) => searcher.search(question, { k: 10, retriever }));
    out(`  ${retriever.padEnd(24)} ${ms.toFixed(3)}   ${(baselineMs / ms).toFixed(1)}× faster than baseline`);
  }
  // Unique questions: the query-vector cache cannot help.
  let serial = 0;
  const uniqueMs = await timeEach(questions, (question) => searcher.search(`${question}${serial++}`, { k: 10 }));
  out(`  hybrid, uncached queries ${uniqueMs.toFixed(3)}`);
  const answerMs = await timeEach(questions, (question) => runtime.answerer().answer({ question: `${question}${serial++}` }));
  out(`  full answer, uncached (retrieve + compose) ${answerMs.toFixed(3)}`);

  out(`\nPOST /api/ask, ${options.connections} connections × ${options.seconds} s, server in its own process`);
  const cli = path.join(PROJECT_ROOT, 'src', 'cli', 'policy-qa.mjs');
  const results: LoadResult[] = [];
  const servers = [
    { name: 'baseline Express+MiniSearch', args: [cli, 'bench-baseline'], runs: [{ label: '', unique: false }] },
    { name: 'policy-qa', args: [cli, 'serve'], runs: [{ label: ', repeated questions', unique: false }, { label: ', every question new', unique: true }] },
  ];
  for (const server of servers) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = await startChild(server.args, { PORT: String(port), HOST: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' }, `${url}/api/health`);
    try {
      await loadAsk(server.name, url, questions, { connections: options.connections, seconds: 2 });
      for (const run of server.runs) results.push(await loadAsk(`${server.name}${run.label}`, url, questions, { ...options, unique: run.unique }));
    } finally {
      await stopChild(child);
    }
  }
  const base = results[0] as LoadResult;
  for (const result of results) {
    out(`  ${result.name.padEnd(40)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${String(result.p50).padStart(4)} ms  p99 ${String(result.p99).padStart(4)} ms  errors ${result.errors + result.non2xx}`
      + (result === base ? '' : `   ${(result.requestsPerSecond / base.requestsPerSecond).toFixed(2)}× the baseline's throughput, p50 ${(base.p50 / Math.max(1, result.p50)).toFixed(2)}× lower`));
  }
}

/** The baseline server, in its own process like ours. */
export async function baselineCommand(config: Config): Promise<void> {
  const library = await loadLibrary(config.LIBRARY_DIR);
  createBaselineApp(library.chunks).listen(config.PORT, config.HOST);
}
