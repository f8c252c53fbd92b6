/** Scores answers on a question set: citations that hold a gold quote, refusal rates, markers that say their sentence. */
import type { Answerer } from '../answer/answerer.ts';
import { normalizeForMatch } from '../library/text.ts';
import type { EvalQuestion } from './metrics.ts';

export interface AnswerReport {
  answerable: number;
  unanswerable: number;
  /** Share of answerable questions whose citations hold a gold quote. */
  citationHit: number;
  refusedAnswerable: number;
  refusedUnanswerable: number;
  /** Share of marked sentences with ≥ 60% of their character bigrams in the cited clause. */
  supportedSentences: number;
}

const SUPPORT = 0.6;

export function bigramSupport(sentence: string, cited: string): number {
  const text = normalizeForMatch(sentence);
  const source = normalizeForMatch(cited);
  const grams = Array.from({ length: Math.max(0, text.length - 1) }, (_, i) => text.slice(i, i + 2));
  return grams.length === 0 ? 1 : grams.filter((gram) => source.includes(gram)).length / grams.length;
}

export async function evaluateAnswers(answerer: Answerer, questions: readonly EvalQuestion[]): Promise<AnswerReport> {
  let hits = 0;
  let refusedAnswerable = 0;
  let refusedUnanswerable = 0;
  let sentences = 0;
  let supported = 0;
  for (const question of questions) {
    const answer = await answerer.answer({ question: question.question });
    if (question.type === 'unanswerable') {
      if (answer.refused) refusedUnanswerable++;
      continue;
    }
    if (answer.refused) refusedAnswerable++;
    const gold = question.gold_quotes.map(normalizeForMatch);
    if (answer.citations.some((citation) => gold.some((quote) => normalizeForMatch(citation.text).includes(quote)))) hits++;
    for (const [, sentence, n] of answer.answer.matchAll(/([^[\]]+?)\[(\d+)\]/gu)) {
      sentences++;
      const cited = answer.citations.find((citation) => citation.n === Number(n));
      if (cited && bigramSupport(sentence ?? '', cited.text) >= SUPPORT) supported++;
    }
  }
  const answerable = questions.filter((question) => question.type !== 'unanswerable').length;
  const unanswerable = questions.length - answerable;
  return {
    answerable,
    unanswerable,
    citationHit: hits / Math.max(1, answerable),
    refusedAnswerable: refusedAnswerable / Math.max(1, answerable),
    refusedUnanswerable: refusedUnanswerable / Math.max(1, unanswerable),
    supportedSentences: supported / Math.max(1, sentences),
  };
}

export function formatAnswerReport(report: AnswerReport): string {
  return [
    `answers    citations hit a gold quote ${report.citationHit.toFixed(2)} of ${report.answerable} answerable`,
    `           refused: ${report.refusedAnswerable.toFixed(2)} of answerable, ${report.refusedUnanswerable.toFixed(2)} of ${report.unanswerable} unanswerable`,
    `           marked sentences supported by their citation (≥60% bigrams): ${report.supportedSentences.toFixed(2)}`,
  ].join('\n');
}
