/** The eval README's rule: a passage hits a gold quote when its normalized text contains the quote. */
import { z } from 'zod';
import { normalizeForMatch } from '../library/text.ts';

const QUESTION_TYPES = ['factual', 'paraphrase', 'multi', 'unanswerable'] as const;

export const EvalQuestionSchema = z.object({
  id: z.string(),
  question: z.string().min(1),
  type: z.enum(QUESTION_TYPES),
  seed: z.string().optional(),
  doc_title: z.string().optional(),
  page: z.number().int().nullable().optional(),
  gold_quotes: z.array(z.string()),
  answer: z.string().optional(),
  /** Unanswerable only: unknown_place, known_place_missing_topic, known_topic_missing_detail, out_of_scope. */
  kind: z.string().optional(),
});
export type EvalQuestion = z.infer<typeof EvalQuestionSchema>;

const MAX_PASSAGE = 800;

export interface QuestionScore {
  /** Rank (1-based) of the first passage that hits, null if none in the list. */
  firstHit: number | null;
  /** Share of gold quotes hit within the top 5. */
  recall5: number;
}

export function scoreRanking(question: EvalQuestion, passages: readonly string[]): QuestionScore {
  const gold = question.gold_quotes.map(normalizeForMatch);
  const texts = passages.map(normalizeForMatch).map((text) => (text.length > MAX_PASSAGE ? '' : text));
  const hits = (text: string) => gold.some((quote) => text.includes(quote));
  const index = texts.findIndex(hits);
  const top5 = texts.slice(0, 5);
  const recalled = gold.filter((quote) => top5.some((text) => text.includes(quote))).length;
  return { firstHit: index < 0 ? null : index + 1, recall5: gold.length === 0 ? 0 : recalled / gold.length };
}

export interface Summary {
  count: number;
  hit1: number;
  hit5: number;
  hit10: number;
  recall5: number;
  mrr10: number;
}

export function summarize(scores: readonly QuestionScore[]): Summary {
  const n = Math.max(1, scores.length);
  const share = (test: (s: QuestionScore) => boolean) => scores.filter(test).length / n;
  return {
    count: scores.length,
    hit1: share((s) => s.firstHit !== null && s.firstHit <= 1),
    hit5: share((s) => s.firstHit !== null && s.firstHit <= 5),
    hit10: share((s) => s.firstHit !== null && s.firstHit <= 10),
    recall5: scores.reduce((sum, s) => sum + s.recall5, 0) / n,
    mrr10: scores.reduce((sum, s) => sum + (s.firstHit !== null && s.firstHit <= 10 ? 1 / s.firstHit : 0), 0) / n,
  };
}
