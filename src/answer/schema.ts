/** The contracts of the answer stage: what a client asks and what it gets back. */
import { z } from 'zod';
import { DocumentStatusSchema } from '../library/validity.ts';
import { SearchFiltersSchema } from '../search/filters.ts';

export const HistoryTurnSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.string().max(4000, 'a history turn must be at most 4000 characters'),
});

/** The retrieval filters (region, city, issuer, year, docId, status, source). */
export const AskFiltersSchema = SearchFiltersSchema;

export const AskRequestSchema = z.object({
  question: z.string().trim().min(1, 'question must not be empty').max(500, 'question must be at most 500 characters'),
  history: z.array(HistoryTurnSchema).max(20, 'history holds at most 20 turns').optional(),
  filters: AskFiltersSchema.optional(),
}).strict();
export type AskRequest = z.infer<typeof AskRequestSchema>;

export const CitationSchema = z.object({
  n: z.number().int().positive(),
  id: z.string(),
  docId: z.string(),
  docTitle: z.string(),
  /** The cited document's 文号, issuer, date (`YYYY-MM-DD`, or `YYYY-MM`) and status, as GET /api/documents gives them. */
  docNumber: z.string().nullable(),
  issuer: z.string().nullable(),
  date: z.string().nullable(),
  status: DocumentStatusSchema,
  clause: z.string(),
  page: z.number().int().nullable(),
  /** `第 N 页`, or `汇编第 N 页` where the page is a compilation's; null where the source has no pages. */
  pageLabel: z.string().nullable(),
  /** The seed file, for tools; readers are shown the title, 文号, issuer, date and page label. */
  source: z.string(),
  text: z.string(),
});
export type Citation = z.infer<typeof CitationSchema>;

export const ANSWER_STATUSES = ['answered', 'partial', 'not_found', 'off_topic'] as const;

/**
 * Why an answer is not a plain one, for clients that act on it, by the status it goes with. partial: `no-detail`
 * (the asked figure is not stated). not_found: `unknown-place` (no document of the place), `other-places` (the
 * best clauses are all of other places), `no-clause` (retrieval found none), `no-matter` (none treats the matter),
 * `no-benefit` (none gives the subsidy asked for), `no-context` (a follow-up about a document when none was
 * cited). off_topic: `not-policy` (nothing of it in the library), `task` (writing, translating, computing),
 * `advice` (a choice between options).
 */
export const REASONS_BY_STATUS = {
  answered: [],
  partial: ['no-detail'],
  not_found: ['unknown-place', 'other-places', 'no-clause', 'no-matter', 'no-benefit', 'no-context'],
  off_topic: ['not-policy', 'task', 'advice'],
} as const satisfies Record<(typeof ANSWER_STATUSES)[number], readonly string[]>;
export const ANSWER_REASONS = [...REASONS_BY_STATUS.partial, ...REASONS_BY_STATUS.not_found, ...REASONS_BY_STATUS.off_topic] as const;
export type AnswerReason = (typeof ANSWER_REASONS)[number];

export const AnswerSchema = z.object({
  answer: z.string(),
  /**
   * `answered`: the clauses answer it; `partial`: they cover the matter but not the asked detail (amount, share,
   * period), which the answer says; `not_found`: the library has no provision for it (the answer says why);
   * `off_topic`: not a question the library's rules answer (nothing of it in the library, a task, a request for advice).
   */
  status: z.enum(ANSWER_STATUSES),
  /** status ≠ answered. */
  refused: z.boolean(),
  /** Why the status is not `answered` (ANSWER_REASONS); null when it is. */
  reason: z.enum(ANSWER_REASONS).nullable(),
  citations: z.array(CitationSchema),
  /** The query retrieval ran with, after a follow-up was put in the context of the conversation. */
  query: z.string(),
  /** `extractive`, or the LLM model that wrote the answer. */
  by: z.string(),
});
export type Answer = z.infer<typeof AnswerSchema>;
