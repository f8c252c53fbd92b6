/**
 * Thumbs up/down on answers, appended to a JSON-lines file that nothing ever rewrites. A changed vote is a new
 * line with the same `vote` id: the admin list shows the latest, the file keeps both.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import { validate } from '../validate.ts';

const FeedbackSchema = z.object({
  rating: z.enum(['up', 'down']),
  question: z.string().min(1).max(500),
  answer: z.string().max(5000),
  citations: z.array(z.string().max(40)).max(20).default([]),
  comment: z.string().max(1000).optional(),
  /** The chat's id for one answer's vote (random hex), the same when the user changes it. */
  vote: z.string().regex(/^[0-9a-f]{16,64}$/u, 'expected 16 to 64 lower-case hex digits').optional(),
}).strict();

export const FEEDBACK_FILE = 'feedback.jsonl';
/** A line of the feedback file. */
export const FeedbackRecordSchema = FeedbackSchema.extend({ at: z.iso.datetime() });

export function feedbackRoutes(dataDir: string): Router {
  const router = Router();
  const file = path.join(dataDir, FEEDBACK_FILE);
  // One append at a time in this process; across workers each line is a single O_APPEND write.
  let queue: Promise<void> = Promise.resolve();
  router.post('/feedback', async function recordFeedback(req, res) {
    const feedback = validate(FeedbackSchema, req.body ?? {});
    const line = `${JSON.stringify({ ...feedback, at: new Date().toISOString() })}\n`;
    const write = queue.then(async () => {
      await mkdir(dataDir, { recursive: true });
      await appendFile(file, line, 'utf8');
    });
    queue = write.catch(() => undefined);
    await write;
    res.status(201).json({ ok: true });
  });
  return router;
}
