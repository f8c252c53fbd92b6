/** Two-turn conversations (eval/conversations.jsonl) through the real answerer on the real seeds. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Answerer } from '../../src/answer/answerer.ts';
import { ANSWER_REASONS, ANSWER_STATUSES, AskRequestSchema } from '../../src/answer/schema.ts';
import { seedsRuntime } from '../helpers/seeds-runtime.ts';
import { REPO_ROOT } from '../library/seeds.ts';

const ConversationSchema = AskRequestSchema.extend({
  id: z.string(),
  kind: z.string(),
  expect: z.object({
    status: z.enum(ANSWER_STATUSES).optional(),
    reason: z.enum(ANSWER_REASONS).optional(),
    queryContains: z.array(z.string()).optional(),
    queryEquals: z.string().optional(),
    answerContains: z.string().optional(),
    firstCitationTitleContains: z.string().optional(),
    citations: z.number().int().optional(),
  }),
});

const conversations = readFileSync(path.join(REPO_ROOT, 'eval', 'conversations.jsonl'), 'utf8').trim().split('\n').map((line) => ConversationSchema.parse(JSON.parse(line)));

describe('answers › two-turn conversations', () => {
  let answerer: Answerer;
  beforeAll(async () => {
    answerer = (await seedsRuntime()).runtime.answerer();
  });

  it('should cover every kind the issue names', () => {
    expect(new Set(conversations.map((c) => c.kind))).toEqual(new Set(['elliptical_place_swap', 'same_topic_follow_up', 'new_complete_question', 'greeting', 'off_topic', 'uncovered_place', 'metadata_after_answer', 'metadata_after_refusal']));
  });

  for (const { id, kind, expect: wanted, question, history } of conversations) {
    it(`should handle ${kind} (${id})`, async () => {
      const answer = await answerer.answer({ question, ...(history ? { history } : {}) });
      if (wanted.status) expect(answer.status, answer.answer).toBe(wanted.status);
      if (wanted.reason) expect(answer.reason, answer.answer).toBe(wanted.reason);
      for (const part of wanted.queryContains ?? []) expect(answer.query).toContain(part);
      if (wanted.queryEquals) expect(answer.query).toBe(wanted.queryEquals);
      if (wanted.answerContains) expect(answer.answer).toContain(wanted.answerContains);
      if (wanted.firstCitationTitleContains) expect(answer.citations[0]?.docTitle).toContain(wanted.firstCitationTitleContains);
      if (wanted.citations !== undefined) expect(answer.citations).toHaveLength(wanted.citations);
    });
  }
});
