/** The bench's figures as the tables the README shows. */
import type { LoadResult } from './http-bench.ts';
import type { InProcessTimes } from './in-process.ts';
import type { SuiteRow } from './load-suite.ts';

export interface MainResults {
  machine: Record<string, unknown>;
  workers: number;
  seconds: number;
  firstBuild: { readyMs: number; peakRss: number };
  restartReadyMs: number;
  servingRss: number;
  load: SuiteRow[];
  baseline: LoadResult;
  inProcess: InProcessTimes;
}

export interface ScaleRow {
  copies: number;
  chunks: number;
  buildMs: number;
  peakRss: number;
  indexBytes: number;
  restartReadyMs: number;
  servingRss: number;
  askP50: number;
  askP99: number;
  errors: number;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0));
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  return lines.join('\n');
}

export function formatMain(results: MainResults): string {
  const { firstBuild, inProcess } = results;
  const loadRow = (row: LoadResult & { ofFloor?: number }) => [
    row.name, String(row.connections), row.requestsPerSecond.toFixed(0), ms(row.p50), ms(row.p95), ms(row.p99), String(row.errors), row.ofFloor === undefined ? '' : row.ofFloor.toFixed(2),
  ];
  return [
    `first build to ready ${seconds(firstBuild.readyMs)}, peak RSS ${mb(firstBuild.peakRss)}; restart to ready ${seconds(results.restartReadyMs)}; RSS after load ${mb(results.servingRss)} (${results.workers} workers)`,
    '',
    table(['request', 'connections', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', '× floor'], [...results.load.map(loadRow), loadRow(results.baseline)]),
    '',
    table(['in-process (median ms)', 'policy-qa', 'naive baseline'], [
      ['search, hybrid, query seen before', ms(inProcess.searchMs), ms(inProcess.baselineSearchMs)],
      ['search, hybrid, new query', ms(inProcess.newSearchMs), ''],
      ['answer (retrieve + compose), new question', ms(inProcess.newAnswerMs), ''],
    ]),
  ].join('\n');
}

export function formatScale(rows: readonly ScaleRow[]): string {
  const base = rows.find((row) => row.copies === 1) ?? rows[0];
  const growth = (value: number, reference: number | undefined) => (reference ? ` (×${(value / reference).toFixed(1)})` : '');
  return table(['library', 'chunks', 'build', 'peak RSS', 'index on disk', 'restart', 'RSS serving', 'ask p50', 'ask p99', 'errors'], rows.map((row) => [
    `×${row.copies}`, String(row.chunks),
    seconds(row.buildMs) + growth(row.buildMs, base?.buildMs),
    mb(row.peakRss) + growth(row.peakRss, base?.peakRss),
    mb(row.indexBytes) + growth(row.indexBytes, base?.indexBytes),
    seconds(row.restartReadyMs) + growth(row.restartReadyMs, base?.restartReadyMs),
    mb(row.servingRss) + growth(row.servingRss, base?.servingRss),
    `${ms(row.askP50)} ms${growth(row.askP50, base?.askP50)}`,
    `${ms(row.askP99)} ms${growth(row.askP99, base?.askP99)}`,
    String(row.errors),
  ]));
}
