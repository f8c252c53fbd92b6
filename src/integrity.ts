/**
 * Integrity of stored files: every file of a built folder is recorded in the folder's manifest with its
 * size and sha256, and checked before use, so garbled bytes are rebuilt instead of served (or handed to
 * a native reader that would crash on them). A manifest seals itself with a checksum of its other fields.
 */
import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const FileRecordSchema = z.object({ size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/u) });
export const FileRecordsSchema = z.record(z.string(), FileRecordSchema);
export type FileRecord = z.infer<typeof FileRecordSchema>;
export type FileRecords = z.infer<typeof FileRecordsSchema>;

/** A stored file (or manifest) whose bytes are not those recorded: rebuild, never use. */
export class DamagedFileError extends Error {
  override readonly name = 'DamagedFileError';

  constructor(readonly file: string, reason: string) {
    super(`${file} is damaged: ${reason}`);
  }
}

export function recordOf(bytes: Uint8Array | string): FileRecord {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return { size: buffer.byteLength, sha256: createHash('sha256').update(buffer).digest('hex') };
}

/** Hashes a file as it streams, so a large one is never held whole just to be checked. */
export async function hashFile(file: string): Promise<FileRecord> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const piece of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    size += piece.byteLength;
    hash.update(piece);
  }
  return { size, sha256: hash.digest('hex') };
}

function check(file: string, actual: FileRecord, expected: FileRecord | undefined): void {
  if (!expected) throw new DamagedFileError(file, 'the manifest does not record it');
  if (actual.size !== expected.size) throw new DamagedFileError(file, `${actual.size} bytes, the manifest records ${expected.size}`);
  if (actual.sha256 !== expected.sha256) throw new DamagedFileError(file, 'its sha256 differs from the manifest');
}

/**
 * Files this process found as recorded, with what identified them then. A start checks the files a native
 * library opens by path to decide whether to build and again, moments later, to load them: one unchanged since
 * (inode, size, modification and change time) is not hashed again. A write in place changes the change time;
 * bytes read into memory (`readVerified`) are always hashed, since those are the bytes used.
 */
const intact = new Map<string, { stamp: string; sha256: string }>();

const stampOf = (stats: Stats): string => `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;

/** Reads `name` of `dir` and returns its bytes once they match the record; DamagedFileError otherwise. */
export async function readVerified(dir: string, name: string, records: FileRecords): Promise<Buffer> {
  const file = path.join(dir, name);
  const bytes = await readFile(file).catch((error: unknown) => {
    throw new DamagedFileError(file, error instanceof Error ? error.message : String(error));
  });
  check(file, recordOf(bytes), records[name]);
  return bytes;
}

/** Checks `name` of `dir` without keeping it, for files a native library opens by path. */
export async function verifyFile(dir: string, name: string, records: FileRecords): Promise<void> {
  const file = path.join(dir, name);
  const expected = records[name];
  const stamp = await stat(file).then(stampOf, () => null);
  const known = intact.get(file);
  if (stamp !== null && expected && known?.stamp === stamp && known.sha256 === expected.sha256) return;
  intact.delete(file);
  const actual = await hashFile(file).catch((error: unknown) => {
    throw new DamagedFileError(file, error instanceof Error ? error.message : String(error));
  });
  check(file, actual, expected);
  if (stamp !== null) intact.set(file, { stamp, sha256: actual.sha256 });
}

/** Checks every recorded file of `dir`. */
export async function verifyAll(dir: string, records: FileRecords): Promise<void> {
  for (const name of Object.keys(records)) await verifyFile(dir, name, records);
}

const checksumOf = (body: unknown): string => createHash('sha256').update(JSON.stringify(body)).digest('hex');

/** A manifest's text: its fields plus `checksum`, the sha256 of those fields as compact JSON. */
export function sealManifest(body: Record<string, unknown>): string {
  return JSON.stringify({ ...body, checksum: checksumOf(body) });
}

/**
 * Reads a sealed manifest: null when there is none (nothing was built yet) or it is of another format than
 * `format`, sealed or not (rebuilt like a stale one, not reported as damage); DamagedFileError when it is
 * unreadable, altered or not of `schema`'s shape.
 */
export async function readSealedManifest<S extends z.ZodType>(file: string, schema: S, format: number): Promise<z.infer<S> | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DamagedFileError(file, error instanceof Error ? error.message : String(error));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DamagedFileError(file, 'not valid JSON');
  }
  if (typeof json !== 'object' || json === null) throw new DamagedFileError(file, 'not a JSON object');
  if (!('checksum' in json)) return null;
  const { checksum, ...body } = json;
  if (checksum !== checksumOf(body)) throw new DamagedFileError(file, 'its checksum does not match its content');
  if ('format' in body && body.format !== format) return null;
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new DamagedFileError(file, `unexpected fields (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}
