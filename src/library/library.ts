/**
 * The policy library: every `.txt`/`.md`/`.docx`/`.pdf` file under a folder, parsed into documents and
 * chunks, less the documents an operator removed (`removed.json`). Files uploaded while serving live in
 * its `uploads/` folder.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { extractText, LIBRARY_EXTENSIONS } from './extract.ts';
import { parseSeedText } from './parse-file.ts';
import type { Chunk, PolicyDocument } from './schema.ts';
import { isoDay } from './validity.ts';

/** One file's parse, kept so that a reload parses only the files that changed. */
export interface ParsedSource {
  hash: string;
  documents: PolicyDocument[];
  chunks: Chunk[];
  warnings: string[];
}

export interface Library {
  documents: PolicyDocument[];
  chunks: Chunk[];
  warnings: string[];
  /** Hash of every file's name and bytes and of the removals: a changed library means a changed index. */
  hash: string;
  files: string[];
  /** Each file's parse, removed documents included. */
  sources: ReadonlyMap<string, ParsedSource>;
  /** Ids of documents removed by an operator. */
  removed: ReadonlySet<string>;
  /** The day statuses were decided for (`YYYY-MM-DD`). */
  today: string;
}

export interface LoadOptions {
  /** `YYYY-MM-DD`, default the current day: decides which documents have expired. */
  today?: string;
  /** A library loaded before: its files whose bytes are unchanged are not parsed again. */
  previous?: Library;
}

/** Where uploaded files are kept, inside the library folder. */
export const UPLOADS_FOLDER = 'uploads';
/** The ids of removed documents, in the library folder: the seed files themselves are never edited. */
export const REMOVED_FILE = 'removed.json';
export const RemovedSchema = z.object({ format: z.literal(1), documents: z.array(z.string()) });

export const isUpload = (source: string): boolean => source.startsWith(`${UPLOADS_FOLDER}/`);

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && LIBRARY_EXTENSIONS.includes(path.extname(entry.name).toLowerCase()))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

export async function readRemoved(dir: string): Promise<Set<string>> {
  const text = await readFile(path.join(dir, REMOVED_FILE), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return new Set();
  const parsed = RemovedSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${path.join(dir, REMOVED_FILE)} is not a list of removed documents: ${parsed.error.message}`);
  return new Set(parsed.data.documents);
}

async function parseSource(file: string, bytes: Uint8Array, hash: string, today: string): Promise<ParsedSource> {
  const extracted = await extractText(file, bytes);
  if ('error' in extracted) return { hash, documents: [], chunks: [], warnings: [`${file}: skipped, ${extracted.error}`] };
  const { documents, chunks, warnings } = parseSeedText(file, extracted.text, today);
  return { hash, documents, chunks, warnings };
}

/** Parses the library in `dir`. */
export async function loadLibrary(dir: string, onFile?: (file: string, done: number, total: number) => void, options: LoadOptions = {}): Promise<Library> {
  const today = options.today ?? isoDay(new Date());
  const previous = options.previous?.today === today ? options.previous : undefined;
  const files = await listFiles(dir).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read the policy library folder ${dir}: ${error.code ?? error.message}`);
  });
  const removed = await readRemoved(dir);
  const hash = createHash('sha256');
  const sources = new Map<string, ParsedSource>();
  const library: Library = { documents: [], chunks: [], warnings: [], hash: '', files, sources, removed, today };
  for (const [index, file] of files.entries()) {
    const bytes = await readFile(path.join(dir, file));
    const fileHash = createHash('sha256').update(bytes).digest('hex');
    hash.update(`${file}\u0000${fileHash}\u0000`);
    const known = previous?.sources.get(file);
    const parsed = known?.hash === fileHash ? known : await parseSource(file, bytes, fileHash, today);
    sources.set(file, parsed);
    library.documents.push(...parsed.documents.filter((document) => !removed.has(document.id)));
    library.chunks.push(...parsed.chunks.filter((chunk) => !removed.has(chunk.docId)));
    library.warnings.push(...parsed.warnings);
    onFile?.(file, index + 1, files.length);
  }
  hash.update(`removed\u0000${[...removed].sort().join(',')}`);
  if (files.length === 0) library.warnings.push(`${dir}: no ${LIBRARY_EXTENSIONS.join('/')} files, the library is empty`);
  library.hash = hash.digest('hex');
  return library;
}
