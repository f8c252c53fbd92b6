/**
 * The naive build a benchmark compares against: MiniSearch over the same chunks with character
 * bigrams, OR queries, served by a bare Express app. Run as its own process by the HTTP benchmark.
 */
import express from 'express';
import MiniSearch from 'minisearch';
import { z } from 'zod';
import type { Chunk } from '../library/schema.ts';
import { bigrams } from '../search/tokenize.ts';

export function createBaselineIndex(chunks: readonly Chunk[]): MiniSearch<Chunk> {
  const index = new MiniSearch<Chunk>({ fields: ['text', 'docTitle'], storeFields: ['text', 'docTitle', 'clause'], tokenize: bigrams, searchOptions: { combineWith: 'OR' } });
  index.addAll([...chunks]);
  return index;
}

const BaselineAskSchema = z.object({ question: z.string() });

export function createBaselineApp(chunks: readonly Chunk[]): express.Express {
  const index = createBaselineIndex(chunks);
  const app = express();
  app.use(express.json());
  app.get('/api/health', (_req, res) => res.json({ ready: true }));
  app.post('/api/ask', (req, res) => {
    const parsed = BaselineAskSchema.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: 'expected {"question": string}' });
    res.json({ results: index.search(parsed.data.question).slice(0, 5) });
  });
  return app;
}
