import { Router } from 'express';
import { AskRequestSchema } from '../../answer/schema.ts';
import type { Runtime } from '../../runtime.ts';
import { validate } from '../validate.ts';

export function askRoutes(runtime: Runtime): Router {
  const router = Router();
  router.post('/ask', async function ask(req, res) {
    const request = validate(AskRequestSchema, req.body ?? {});
    res.json(await runtime.answerer().answer(request));
  });
  return router;
}
