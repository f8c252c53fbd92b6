/** Checks data entering over HTTP or WebSocket against a zod schema; a mismatch is a 400 that says what is wrong. */
import type { z } from 'zod';
import { AppError } from '../errors.ts';

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

export function validate<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw new AppError('BAD_REQUEST', describeIssues(result.error), result.error.issues);
  return result.data;
}
