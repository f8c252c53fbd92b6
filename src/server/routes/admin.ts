/**
 * The admin API under /api/admin, mounted only when ADMIN_TOKEN is set: the library's documents, files
 * added (JSON or multipart) and documents removed while serving, a model rebuild, and the feedback users
 * left. Every route needs `Authorization: Bearer <ADMIN_TOKEN>`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import express, { type RequestHandler, Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { LibraryChangeError } from '../../library/changes.ts';
import type { Runtime } from '../../runtime.ts';
import { FEEDBACK_FILE, FeedbackRecordSchema } from './feedback.ts';
import { DocumentParams } from './documents.ts';
import { validate } from '../validate.ts';

/** A policy file is rarely over a few megabytes; a scanned PDF can be large and is refused anyway. */
export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;
const MAX_FILES = 10;

const JsonUploadSchema = z.object({
  filename: z.string().min(1).max(255),
  content: z.string().min(1, 'content must not be empty'),
  /** Binary files (.docx, .pdf) come base64-encoded in JSON. */
  encoding: z.enum(['utf8', 'base64']).default('utf8'),
}).strict();

const FeedbackQuery = z.object({ limit: z.coerce.number().int().min(1).max(5000).default(500) });

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Compares digests, so neither the token's length nor its content leaks through timing. */
function requireToken(token: string): RequestHandler {
  const expected = digest(token);
  return function requireAdmin(req, _res, next) {
    const match = /^Bearer\s+(.+)$/u.exec(req.get('authorization') ?? '');
    if (!match || !timingSafeEqual(digest((match[1] as string).trim()), expected)) return next(new AppError('UNAUTHORIZED'));
    next();
  };
}

function asAppError(error: unknown): unknown {
  if (error instanceof LibraryChangeError) return new AppError(error.code, error.message);
  if (error instanceof multer.MulterError) {
    return error.code === 'LIMIT_FILE_SIZE' || error.code === 'LIMIT_FILE_COUNT'
      ? new AppError('PAYLOAD_TOO_LARGE', `at most ${MAX_FILES} files of ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB each`)
      : new AppError('BAD_REQUEST', `multipart upload: ${error.message}`);
  }
  return error;
}

/** The uploaded files of a multipart or JSON request, as names and bytes. */
const readUploads: RequestHandler[] = [
  function chooseParser(req, res, next) {
    if (req.is('multipart/form-data')) return multer({ storage: multer.memoryStorage(), limits: { fileSize: UPLOAD_LIMIT_BYTES, files: MAX_FILES } }).any()(req, res, (error?: unknown) => next(asAppError(error)));
    if (!req.is('application/json')) return next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data, or as JSON {"filename","content"}'));
    // base64 inflates by a third.
    express.json({ limit: Math.ceil(UPLOAD_LIMIT_BYTES * 1.4) })(req, res, next);
  },
];

function uploadsOf(req: express.Request): { filename: string; bytes: Uint8Array }[] {
  if (Array.isArray(req.files)) {
    if (req.files.length === 0) throw new AppError('BAD_REQUEST', 'the multipart upload holds no file');
    // multer reads the name as latin1; browsers send UTF-8 (a Chinese file name).
    return req.files.map((file) => ({ filename: Buffer.from(file.originalname, 'latin1').toString('utf8'), bytes: file.buffer }));
  }
  const body = validate(JsonUploadSchema, req.body ?? {});
  return [{ filename: body.filename, bytes: body.encoding === 'base64' ? Buffer.from(body.content, 'base64') : Buffer.from(body.content, 'utf8') }];
}

async function readFeedback(file: string, limit: number): Promise<z.infer<typeof FeedbackRecordSchema>[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const records = text.split('\n').flatMap((line) => {
    // A line cut short by a crash is skipped, not a reason to show nothing.
    try {
      const parsed = FeedbackRecordSchema.safeParse(JSON.parse(line));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
  // Newest first; a vote changed later supersedes its earlier lines.
  const seen = new Set<string>();
  const latest = records.reverse().filter((record) => {
    if (record.vote === undefined) return true;
    if (seen.has(record.vote)) return false;
    seen.add(record.vote);
    return true;
  });
  return latest.slice(0, limit);
}

export function adminRoutes(token: string, runtime: Runtime, dataDir: string): Router {
  const router = Router();
  router.use(requireToken(token));
  router.get('/documents', function listLibrary(_req, res) {
    const library = runtime.library();
    res.json({ documents: library.documents, removed: [...library.removed] });
  });
  router.post('/documents', ...readUploads, async function addDocuments(req, res) {
    const documents = [];
    try {
      for (const upload of uploadsOf(req)) documents.push(...(await runtime.addFile(upload.filename, upload.bytes)));
    } catch (error) {
      throw asAppError(error);
    }
    res.status(201).json({ documents });
  });
  router.delete('/documents/:id', async function removeDocument(req, res) {
    const { id } = validate(DocumentParams, req.params);
    try {
      res.json({ document: await runtime.removeDocument(id) });
    } catch (error) {
      throw asAppError(error);
    }
  });
  router.post('/rebuild', async function rebuildModel(_req, res) {
    await runtime.rebuild();
    const { chunks, model } = runtime.status();
    res.json({ chunks, model });
  });
  router.get('/feedback', async function listFeedback(req, res) {
    const { limit } = validate(FeedbackQuery, req.query);
    res.json({ feedback: await readFeedback(path.join(dataDir, FEEDBACK_FILE), limit) });
  });
  return router;
}
