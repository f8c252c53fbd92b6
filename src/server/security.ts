/** Security headers, embedding rules and rate limits, all from configuration. */
import cluster from 'node:cluster';
import { ClusterMemoryStoreWorker } from '@express-rate-limit/cluster-memory-store';
import type { RequestHandler } from 'express';
import { MemoryStore, rateLimit, type Store } from 'express-rate-limit';
import helmet from 'helmet';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';

function allowsAllOrigins(config: Config): boolean {
  return config.EMBED_ALLOWED_ORIGINS.includes('*');
}

/** True when a browser page from `origin` may call the API (same host is always allowed). */
export function originAllowed(config: Config, origin: string | undefined, host: string | undefined): boolean {
  if (!origin || allowsAllOrigins(config)) return true;
  try {
    if (new URL(origin).host === host) return true;
  } catch {
    return false;
  }
  return config.EMBED_ALLOWED_ORIGINS.includes(origin);
}

export function securityHeaders(config: Config): RequestHandler {
  const ancestors = allowsAllOrigins(config) ? ['*'] : ["'self'", ...config.EMBED_ALLOWED_ORIGINS];
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        frameAncestors: ancestors,
        upgradeInsecureRequests: null,
      },
    },
    // The widget frame is meant to be embedded; frame-ancestors above decides where.
    frameguard: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
}

/** CORS for the API: allowed origins get their own origin echoed, others a 403. */
export function apiOrigins(config: Config): RequestHandler {
  return function checkOrigin(req, res, next) {
    const origin = req.get('origin');
    if (!originAllowed(config, origin, req.get('host'))) return next(new AppError('FORBIDDEN_ORIGIN', `Origin ${origin} is not in EMBED_ALLOWED_ORIGINS`));
    if (origin) {
      res.setHeader('Access-Control-Allow-Origin', allowsAllOrigins(config) ? '*' : origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    }
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  };
}

export const RATE_WINDOW_MS = 60_000;

/**
 * Per-client counts under `prefix`, the same for every worker: a cluster worker's are kept by the primary
 * (ClusterMemoryStorePrimary, over cluster IPC), a lone process keeps its own.
 */
export function rateLimitStore(prefix: string): Store {
  return cluster.isWorker ? new ClusterMemoryStoreWorker({ prefix }) : new MemoryStore();
}

export function apiRateLimit(config: Config): RequestHandler {
  if (config.RATE_LIMIT_PER_MINUTE === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: RATE_WINDOW_MS,
    limit: config.RATE_LIMIT_PER_MINUTE,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: rateLimitStore('api'),
    // A primary too busy to answer must not turn every request into an error.
    passOnStoreError: true,
    handler: (_req, _res, next) => next(new AppError('RATE_LIMITED')),
  });
}
