import { Router } from 'express';
import { AskRequestSchema } from '../../answer/schema.ts';
import type { Runtime } from '../../runtime.ts';
import type { Shutdown } from '../shutdown.ts';
import { validate } from '../validate.ts';

export function askRoutes(runtime: Runtime, shutdown: Shutdown): Router {
  const router = Router();
  router.post('/ask', async function ask(req, res) {
    const request = validate(AskRequestSchema, req.body ?? {});
    const answerer = runtime.answerer();
    if (!answerer.usesLlm) {
      // An extractive answer takes a millisecond or two: nothing to stop, and the signals would cost a tenth of that.
      res.json(await answerer.answer(request));
      return;
    }
    // A client that leaves stops an LLM answer it will never read; a shutdown past its bound cuts it short.
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    res.json(await answerer.answer(request, { signal: shutdown.signalFor(gone.signal) }));
  });
  return router;
}
