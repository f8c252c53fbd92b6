/** The documents of the library, and one document's clauses in order so a viewer can show a citation in context. */
import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { clausesOf } from '../../library/clause-view.ts';
import type { Runtime } from '../../runtime.ts';
import { facetsOf } from '../../search/filters.ts';
import { validate } from '../validate.ts';

export const DocumentParams = z.object({ id: z.string().regex(/^[0-9a-f]{10}(-\d+)?$/u, 'expected a document id such as 0690d613fb') });

export function documentRoutes(runtime: Runtime): Router {
  const router = Router();
  router.get('/documents', function listDocuments(_req, res) {
    const { documents } = runtime.library();
    res.json({ documents, facets: facetsOf(documents) });
  });
  router.get('/documents/:id', function showDocument(req, res) {
    const { id } = validate(DocumentParams, req.params);
    const library = runtime.library();
    const document = library.documents.find((doc) => doc.id === id);
    if (!document) throw new AppError('NOT_FOUND', `No document with id ${id}`);
    res.json({ ...document, clauses: clausesOf(library.chunks.filter((chunk) => chunk.docId === id), document) });
  });
  return router;
}
