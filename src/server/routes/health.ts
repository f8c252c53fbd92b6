import { Router } from 'express';
import type { Runtime } from '../../runtime.ts';

export function healthRoutes(runtime: Runtime): Router {
  const router = Router();
  router.get('/health', function health(_req, res) {
    const { ready, stage, chunks, model, error } = runtime.status();
    res.json({ status: 'ok', ready, stage, chunks, model, ...(error ? { error } : {}) });
  });
  return router;
}
