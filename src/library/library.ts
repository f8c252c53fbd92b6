/** The policy library: every `.txt`/`.md` file under a folder, parsed into documents and chunks. */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { decodeSeed, parseSeedText } from './parse-file.ts';
import type { Chunk, PolicyDocument } from './schema.ts';

export interface Library {
  documents: PolicyDocument[];
  chunks: Chunk[];
  warnings: string[];
  /** Hash of every file's name and bytes: a changed library means a rebuilt index. */
  hash: string;
  files: string[];
}

const LIBRARY_EXTENSIONS: readonly string[] = Object.freeze(['.txt', '.md']);

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && LIBRARY_EXTENSIONS.includes(path.extname(entry.name).toLowerCase()))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** `today` (`YYYY-MM-DD`, default the current day) decides which documents have expired. */
export async function loadLibrary(dir: string, onFile?: (file: string, done: number, total: number) => void, today?: string): Promise<Library> {
  const files = await listFiles(dir).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read the policy library folder ${dir}: ${error.code ?? error.message}`);
  });
  const hash = createHash('sha256');
  const library: Library = { documents: [], chunks: [], warnings: [], hash: '', files };
  for (const [index, file] of files.entries()) {
    const bytes = await readFile(path.join(dir, file));
    hash.update(`${file}\u0000${bytes.length}\u0000`).update(bytes);
    const decoded = decodeSeed(bytes);
    if ('error' in decoded) {
      library.warnings.push(`${file}: skipped, ${decoded.error}`);
    } else {
      const parsed = parseSeedText(file, decoded.text, today);
      library.documents.push(...parsed.documents);
      library.chunks.push(...parsed.chunks);
      library.warnings.push(...parsed.warnings);
    }
    onFile?.(file, index + 1, files.length);
  }
  if (files.length === 0) library.warnings.push(`${dir}: no ${LIBRARY_EXTENSIONS.join('/')} files, the library is empty`);
  library.hash = hash.digest('hex');
  return library;
}
