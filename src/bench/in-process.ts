/** Search and answer times in the bench's own process, against the naive baseline's in-process search. */
import { median } from '../eval/run-eval.ts';
import type { Runtime } from '../runtime.ts';
import { createBaselineIndex } from './baseline.ts';
import { newQuestion } from './variants.ts';

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

export interface InProcessTimes {
  baselineSearchMs: number;
  searchMs: number;
  newSearchMs: number;
  newAnswerMs: number;
}

export async function timeInProcess(runtime: Runtime, questions: readonly string[]): Promise<InProcessTimes> {
  const searcher = runtime.searcher();
  const baseline = createBaselineIndex(searcher.chunks);
  let serial = 0;
  return {
    baselineSearchMs: await timeEach(questions, (question) => baseline.search(question)),
    searchMs: await timeEach(questions, (question) => searcher.search(question, { k: 10 })),
    // New questions: neither the query-vector cache nor the answer cache can help.
    newSearchMs: await timeEach(questions, () => searcher.search(newQuestion(questions, serial++), { k: 10 })),
    newAnswerMs: await timeEach(questions, () => runtime.answerer().answer({ question: newQuestion(questions, serial++) })),
  };
}
