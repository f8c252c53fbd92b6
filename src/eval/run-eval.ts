/** Scores every retriever on a question set with the eval README's rule, by question type. */
import type { Searcher } from '../search/searcher.ts';
import { RETRIEVERS, type RetrieverKind } from '../search/searcher.ts';
import { readJsonLines } from './jsonl.ts';
import { EvalQuestionSchema, type EvalQuestion, type QuestionScore, type Summary, scoreRanking, summarize } from './metrics.ts';

export function readQuestionSet(file: string): Promise<EvalQuestion[]> {
  return readJsonLines(file, EvalQuestionSchema, 'question set', 'question row');
}

export interface RetrieverReport {
  retriever: RetrieverKind;
  overall: Summary;
  byType: Record<string, Summary>;
  /** Median milliseconds per search, in-process. */
  medianMs: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function evaluateRetrievers(searcher: Searcher, questions: readonly EvalQuestion[], k: number): Promise<RetrieverReport[]> {
  const answerable = questions.filter((question) => question.type !== 'unanswerable');
  const kinds = RETRIEVERS.filter((kind) => kind === 'lexical' || searcher.hasDense);
  const reports: RetrieverReport[] = [];
  for (const retriever of kinds) {
    const byType: Record<string, QuestionScore[]> = {};
    const times: number[] = [];
    for (const question of answerable) {
      const began = performance.now();
      const hits = await searcher.search(question.question, { k, retriever });
      times.push(performance.now() - began);
      (byType[question.type] ??= []).push(scoreRanking(question, hits.map((hit) => hit.chunk.text)));
    }
    reports.push({
      retriever,
      overall: summarize(Object.values(byType).flat()),
      byType: Object.fromEntries(Object.entries(byType).map(([type, scores]) => [type, summarize(scores)])),
      medianMs: median(times),
    });
  }
  return reports;
}

export function formatReports(reports: readonly RetrieverReport[]): string {
  const header = 'retriever  type          n   hit@1  hit@5  hit@10  recall@5  MRR@10';
  const row = (retriever: string, type: string, s: Summary) =>
    `${retriever.padEnd(10)} ${type.padEnd(12)} ${String(s.count).padStart(3)}   ${s.hit1.toFixed(2)}   ${s.hit5.toFixed(2)}   ${s.hit10.toFixed(2)}    ${s.recall5.toFixed(2)}     ${s.mrr10.toFixed(2)}`;
  const lines = [header];
  for (const report of reports) {
    lines.push(row(report.retriever, 'all', report.overall));
    for (const [type, summary] of Object.entries(report.byType).sort()) lines.push(row('', type, summary));
    lines.push(`${''.padEnd(10)} median search ${report.medianMs.toFixed(3)} ms`);
  }
  return lines.join('\n');
}
