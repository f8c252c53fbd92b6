/** The one place errors become responses: `{ "error": { "code", "message" } }`, never a stack trace. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** body-parser's errors carry a `type`; map the ones a client causes. */
function fromBodyParser(error: unknown): AppError | null {
  if (typeof error !== 'object' || error === null || !('type' in error)) return null;
  if (error.type === 'entity.parse.failed') return new AppError('INVALID_JSON');
  if (error.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE');
  if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') return new AppError('BAD_REQUEST', 'Unsupported body encoding: send UTF-8 JSON');
  return null;
}

/** Errors Express or Node raise with a 4xx status (a bad percent-escape in a path, say) are the client's. */
function clientError(error: unknown): AppError | null {
  if (typeof error !== 'object' || error === null) return null;
  const status = 'status' in error ? error.status : 'statusCode' in error ? error.statusCode : undefined;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  return new AppError('BAD_REQUEST', error instanceof Error ? error.message : 'Bad request');
}

export function toAppError(error: unknown): AppError {
  return error instanceof AppError ? error : fromBodyParser(error) ?? clientError(error) ?? new AppError('INTERNAL');
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return function handleError(error, _req, res, _next) {
    const appError = toAppError(error);
    if (appError.code === 'INTERNAL') log.error({ err: error }, 'unhandled error');
    if (appError.code === 'NOT_READY') res.setHeader('Retry-After', '5');
    res.status(appError.status).json({ error: { code: appError.code, message: appError.message } });
  };
}

export const notFound: RequestHandler = function notFound(req, _res, next) {
  next(new AppError('NOT_FOUND', `No route for ${req.method} ${req.originalUrl.split('?')[0]}`));
};
