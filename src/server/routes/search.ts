import { Router } from 'express';
import { z } from 'zod';
import { AskFiltersSchema } from '../../answer/schema.ts';
import type { Runtime } from '../../runtime.ts';
import { RETRIEVERS } from '../../search/searcher.ts';
import { validate } from '../validate.ts';

const SearchQuerySchema = z.object({
  q: z.string().trim().min(1, 'q must not be empty').max(500, 'q must be at most 500 characters'),
  k: z.coerce.number().int().min(1).max(50).default(10),
  ...AskFiltersSchema.shape,
  retriever: z.enum(RETRIEVERS).default('hybrid'),
});

export function searchRoutes(runtime: Runtime): Router {
  const router = Router();
  router.get('/search', async function search(req, res) {
    const { q, k, retriever, ...filters } = validate(SearchQuerySchema, req.query);
    const hits = await runtime.searcher().search(q, { k, retriever, filters });
    res.json({
      results: hits.map(({ chunk, score }) => ({
        id: chunk.id, docId: chunk.docId, text: chunk.text, docTitle: chunk.docTitle, clause: chunk.clause, page: chunk.page, source: chunk.source, score,
      })),
    });
  });
  return router;
}
