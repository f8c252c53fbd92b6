/**
 * Changes an operator makes to the library folder while it is served: a file added (or replaced) in
 * `uploads/`, a document removed. Each is one atomic write (temporary file + rename), so a crash leaves the
 * folder as it was before or after, never half-written.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CodedError } from '../errors.ts';
import { extractText, LIBRARY_EXTENSIONS } from './extract.ts';
import { isUpload, type Library, readRemoved, REMOVED_FILE, UPLOADS_FOLDER } from './library.ts';
import { parseSeedText } from './parse-file.ts';
import type { PolicyDocument } from './schema.ts';

export type LibraryChangeCode = 'UNSUPPORTED_FILE_TYPE' | 'UNREADABLE_FILE' | 'NOT_FOUND' | 'BAD_REQUEST';

export class LibraryChangeError extends CodedError<LibraryChangeCode> {
  override readonly name = 'LibraryChangeError';
}

async function writeAtomically(file: string, content: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // A dot name is never read as a library file, so a crash before the rename leaves nothing half-read.
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, content);
    await rename(temporary, file);
  } finally {
    await rm(temporary, { force: true });
  }
}

/** A file name safe to keep: the last path part, no control or path characters, a supported extension. */
export function uploadName(filename: string): string {
  const base = path.basename(filename.replaceAll('\\', '/')).replace(/[\u0000-\u001f<>:"/\\|?*]/gu, '_').replace(/^\.+/u, '').trim();
  const extension = path.extname(base).toLowerCase();
  if (!LIBRARY_EXTENSIONS.includes(extension)) {
    throw new LibraryChangeError('UNSUPPORTED_FILE_TYPE', `"${filename}" is not a supported kind of file: expected one of ${LIBRARY_EXTENSIONS.join(', ')}`);
  }
  if (base.length <= extension.length || base.length > 200) throw new LibraryChangeError('BAD_REQUEST', 'filename must have a name before its extension and at most 200 characters');
  return base;
}

async function writeRemoved(dir: string, removed: ReadonlySet<string>): Promise<void> {
  await writeAtomically(path.join(dir, REMOVED_FILE), `${JSON.stringify({ format: 1, documents: [...removed].sort() }, null, 1)}\n`);
}

/**
 * Keeps `bytes` as `uploads/<filename>` (replacing a file of that name) once they are known to hold at
 * least one document; a removed document uploaded again is no longer removed. Returns its documents.
 */
export async function addFile(dir: string, filename: string, bytes: Uint8Array): Promise<{ source: string; documents: PolicyDocument[] }> {
  const source = `${UPLOADS_FOLDER}/${uploadName(filename)}`;
  const extracted = await extractText(source, bytes);
  if ('error' in extracted) throw new LibraryChangeError('UNREADABLE_FILE', `${filename} ${extracted.error}`);
  const { documents } = parseSeedText(source, extracted.text);
  if (documents.length === 0) throw new LibraryChangeError('UNREADABLE_FILE', `${filename} holds no text to index`);
  await writeAtomically(path.join(dir, source), bytes);
  const removed = await readRemoved(dir);
  if (documents.some((document) => removed.has(document.id))) {
    for (const document of documents) removed.delete(document.id);
    await writeRemoved(dir, removed);
  }
  return { source, documents };
}

/**
 * Removes a document for good: an uploaded file goes once none of its documents is left; a seed file's
 * document is listed in `removed.json` instead, the seed left as it is.
 */
export async function removeDocument(dir: string, library: Library, id: string): Promise<PolicyDocument> {
  const document = library.documents.find((doc) => doc.id === id);
  if (!document) throw new LibraryChangeError('NOT_FOUND', `No document with id ${id}`);
  const removed = await readRemoved(dir);
  const siblings = library.sources.get(document.source)?.documents.map((doc) => doc.id) ?? [id];
  if (isUpload(document.source) && siblings.every((other) => other === id || removed.has(other))) {
    await rm(path.join(dir, document.source), { force: true });
    if (siblings.some((other) => removed.delete(other))) await writeRemoved(dir, removed);
  } else {
    removed.add(id);
    await writeRemoved(dir, removed);
  }
  return document;
}
