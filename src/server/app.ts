/** The Express app: security, the API routes, the web chat; one error handler. Tests start it on a free port. */
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import express from 'express';
import { PROJECT_ROOT, type Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Runtime } from '../runtime.ts';
import { errorHandler, notFound } from './error-handler.ts';
import { adminRoutes } from './routes/admin.ts';
import { documentRoutes } from './routes/documents.ts';
import { healthRoutes } from './routes/health.ts';
import { askRoutes } from './routes/ask.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { searchRoutes } from './routes/search.ts';
import { attachChatSocket } from './chat-socket.ts';
import { apiOrigins, apiRateLimit, securityHeaders } from './security.ts';
import { Shutdown } from './shutdown.ts';

/** A POST body in another format would reach the routes as nothing at all: say what is expected instead. */
const requireJsonBody: express.RequestHandler = function requireJsonBody(req, _res, next) {
  if (req.method === 'POST' && !req.is('application/json')) return next(new AppError('UNSUPPORTED_MEDIA_TYPE'));
  next();
};

export interface AppParts {
  config: Config;
  runtime: Runtime;
  log: Logger;
  /** The server's shutdown, which answers in flight heed; one that never comes by default. */
  shutdown?: Shutdown;
}

const BODY_LIMIT = '32kb';
/** After the shutdown bound, the extractive answers that replace cut LLM answers get this long to be sent. */
const FALLBACK_GRACE_MS = 1000;

export function createApp({ config, runtime, log, shutdown = new Shutdown() }: AppParts): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // No ETag on API bodies: answers are POSTed and nobody revalidates them, yet hashing each costs ≈ 25 µs of
  // a new answer's ≈ 1.5 ms; the page's static files keep theirs (express.static sets its own).
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  app.use(shutdown.track, securityHeaders(config));
  // Before the API's 32 KB JSON limit: uploads are larger, and need the token rather than an origin.
  if (config.ADMIN_TOKEN) app.use('/api/admin', apiRateLimit(config), adminRoutes(config.ADMIN_TOKEN, runtime, config.DATA_DIR));
  const api = express.Router();
  // Health comes before the rate limit: a load balancer's checks from one address must never get 429.
  api.use(apiOrigins(config), healthRoutes(runtime));
  api.use(apiRateLimit(config), requireJsonBody, express.json({ limit: BODY_LIMIT }));
  api.use(documentRoutes(runtime), searchRoutes(runtime), askRoutes(runtime, shutdown), feedbackRoutes(config.DATA_DIR));
  api.use(notFound);
  app.use('/api', api);
  app.use(express.static(path.join(PROJECT_ROOT, 'web'), { extensions: ['html'] }));
  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}

export interface RunningServer {
  server: Server;
  url: string;
  /**
   * Stops accepting, lets requests and WebSocket answers in flight finish within `timeoutMs` (then cuts
   * LLM answers to the extractive one and closes what is left), closes sockets with 1001.
   */
  close(timeoutMs?: number): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Listens on `config.HOST:config.PORT` (port 0 picks a free one). */
export async function startServer(parts: AppParts): Promise<RunningServer> {
  const shutdown = new Shutdown();
  const server = createServer(createApp({ ...parts, shutdown }));
  const chat = attachChatSocket(server, { ...parts, shutdown });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(parts.config.PORT, parts.config.HOST, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : parts.config.PORT;
  const host = parts.config.HOST === '0.0.0.0' ? '127.0.0.1' : parts.config.HOST;
  return {
    server,
    url: `http://${host}:${port}`,
    close: async (timeoutMs = parts.config.SHUTDOWN_TIMEOUT_MS) => {
      shutdown.begin();
      const closed = Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), chat.drain()]).then(() => true);
      server.closeIdleConnections();
      if (await Promise.race([closed, sleep(timeoutMs).then(() => false)])) return;
      shutdown.expire();
      await Promise.race([closed, sleep(FALLBACK_GRACE_MS)]);
      server.closeAllConnections();
      chat.terminate();
      await closed;
    },
  };
}
