/**
 * The persisted lexical index in `embeddings/lexical/`: building BM25 for the library takes most of a
 * second, reading it back a tenth of that. Loaded when its manifest names this tokenizer and every file
 * matches its recorded hash (garbled postings would change rankings silently); chunks added, changed or
 * removed since are applied to it, not rebuilt; written atomically like the dense index.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { type FileContent, MANIFEST_FILE, writeFolderAtomically } from '../atomic-folder.ts';
import { DamagedFileError, FileRecordsSchema, readSealedManifest, readVerified, verifyAll } from '../integrity.ts';
import type { Chunk, PolicyDocument } from '../library/schema.ts';
import type { Bm25Snapshot } from './bm25.ts';
import { createLexicalIndex, LEXICAL_SIGNATURE, type LexicalIndex, type LexicalSnapshots, type PassageContext, passageContexts, restoreLexicalIndex } from './lexical.ts';
import { alignedBytes } from './aligned-bytes.ts';
import { reconcile } from './reconcile.ts';

const STREAMS = ['bigram', 'word'] as const;

/** What the index learnt from a chunk: its text and every context; a changed key means the chunk is indexed again. */
function chunkKeys(chunks: readonly Chunk[], contexts: readonly PassageContext[]): string[] {
  return contexts.map(({ document, own }, i) => {
    const chunk = chunks[i] as Chunk;
    return createHash('sha1').update(`${chunk.id}\u0000${chunk.text}\u0000${document}\u0001${own}`).digest('hex').slice(0, 20);
  });
}

const StreamHeaderSchema = z.object({ size: z.number().int(), k1: z.number(), b: z.number(), averages: z.array(z.number()), terms: z.number().int(), postings: z.number().int() });
/** 3: passages keyed by content (updated in place), files recorded with their hashes, manifest sealed; 4: general counts. */
const LEXICAL_FORMAT = 4;
const GENERAL_FILE = 'word.general.json';
const GeneralCountsSchema = z.object({ total: z.number().positive(), words: z.array(z.string()), counts: z.array(z.number().int().nonnegative()) })
  .refine((general) => general.words.length === general.counts.length, 'general counts: as many counts as words');
export const LexicalManifestSchema = z.object({
  format: z.literal(LEXICAL_FORMAT),
  /** Tokenizer and field weights (LEXICAL_SIGNATURE): any change means a full build. */
  signature: z.string(),
  libraryHash: z.string(),
  /** The key of each passage, in passage order. */
  keys: z.array(z.string()),
  streams: z.object({ bigram: StreamHeaderSchema, word: StreamHeaderSchema }),
  files: FileRecordsSchema,
});

/** offsets | docs | tfs | idfs, each 4-byte values, in one buffer. */
function encode(snapshot: Bm25Snapshot): Uint8Array {
  const parts = [snapshot.offsets, snapshot.docs, snapshot.tfs, snapshot.idfs];
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
    at += part.byteLength;
  }
  return bytes;
}

function decode(bytes: Buffer, header: z.infer<typeof StreamHeaderSchema>, terms: string[]): Bm25Snapshot {
  // All four arrays view the file's bytes: copying tfs and idfs out of them again kept their bytes twice while serving.
  const { buffer, byteOffset } = alignedBytes(bytes);
  const lengths = [header.terms + 1, header.postings, header.postings, header.terms];
  if (bytes.byteLength !== lengths.reduce((sum, n) => sum + n, 0) * Uint32Array.BYTES_PER_ELEMENT || terms.length !== header.terms) throw new Error('lexical index file has the wrong size');
  let at = byteOffset;
  const take = <T>(view: new (buffer: ArrayBuffer, byteOffset: number, length: number) => T, n: number): T => {
    const array = new view(buffer, at, n);
    at += n * Uint32Array.BYTES_PER_ELEMENT;
    return array;
  };
  const offsets = take(Uint32Array, header.terms + 1);
  const docs = take(Uint32Array, header.postings);
  const tfs = take(Float32Array, header.postings);
  const idfs = take(Float32Array, header.terms);
  return { terms, size: header.size, k1: header.k1, b: header.b, averages: header.averages, offsets, docs, tfs, idfs };
}

type LexicalManifest = z.infer<typeof LexicalManifestSchema>;

async function readManifest(dir: string): Promise<LexicalManifest | null> {
  const manifest = await readSealedManifest(path.join(dir, MANIFEST_FILE), LexicalManifestSchema, LEXICAL_FORMAT);
  return manifest !== null && manifest.signature === LEXICAL_SIGNATURE ? manifest : null;
}

const sameKeys = (stored: readonly string[], keys: readonly string[]): boolean => stored.length === keys.length && stored.every((key, i) => key === keys[i]);

async function load(dir: string): Promise<{ index: LexicalIndex; keys: string[] } | null> {
  const manifest = await readManifest(dir);
  if (manifest === null) return null;
  const snapshots: Partial<LexicalSnapshots> = {};
  for (const stream of STREAMS) {
    const terms = z.array(z.string()).parse(JSON.parse((await readVerified(dir, `${stream}.terms.json`, manifest.files)).toString('utf8')));
    snapshots[stream] = decode(await readVerified(dir, `${stream}.bin`, manifest.files), manifest.streams[stream], terms);
  }
  if (manifest.streams.bigram.size !== manifest.keys.length) return null;
  snapshots.general = GeneralCountsSchema.parse(JSON.parse((await readVerified(dir, GENERAL_FILE, manifest.files)).toString('utf8')));
  return { index: restoreLexicalIndex(snapshots as LexicalSnapshots), keys: manifest.keys };
}

async function save(dir: string, index: LexicalIndex, keys: readonly string[], libraryHash: string): Promise<void> {
  const snapshots = index.snapshots();
  const files = new Map<string, FileContent>();
  for (const stream of STREAMS) {
    files.set(`${stream}.terms.json`, JSON.stringify(snapshots[stream].terms));
    files.set(`${stream}.bin`, encode(snapshots[stream]));
  }
  files.set(GENERAL_FILE, JSON.stringify(snapshots.general));
  const header = ({ size, k1, b, averages, terms, docs }: Bm25Snapshot) => ({ size, k1, b, averages, terms: terms.length, postings: docs.length });
  await writeFolderAtomically(dir, files, {
    manifest: { format: LEXICAL_FORMAT, signature: LEXICAL_SIGNATURE, libraryHash, keys, streams: { bigram: header(snapshots.bigram), word: header(snapshots.word) } },
  });
}

/**
 * Loads the lexical index; when the library changed, updates it (only new or changed chunks are
 * tokenized) and writes it back; builds it when there is none. `built`/`updated` say which happened.
 */
export interface LexicalStoreOptions {
  dir: string;
  chunks: readonly Chunk[];
  documents: readonly PolicyDocument[];
  libraryHash: string;
  /** A stored file did not match its manifest: it is rebuilt; say which. */
  onDamaged?: (error: DamagedFileError) => void;
}

/** True when `openLexicalIndex` would load the index as it is: nothing to update or write. */
export async function lexicalIndexCurrent(options: Omit<LexicalStoreOptions, 'onDamaged'>): Promise<boolean> {
  try {
    const manifest = await readManifest(options.dir);
    if (!manifest || !sameKeys(manifest.keys, chunkKeys(options.chunks, passageContexts(options.chunks, options.documents)))) return false;
    await verifyAll(options.dir, manifest.files);
    return true;
  } catch {
    return false;
  }
}

export async function openLexicalIndex(options: LexicalStoreOptions): Promise<{ index: LexicalIndex; built: boolean; updated: boolean }> {
  const { dir, chunks, documents, libraryHash } = options;
  const contexts = passageContexts(chunks, documents);
  const keys = chunkKeys(chunks, contexts);
  const loaded = await load(dir).catch((error: unknown) => {
    if (error instanceof DamagedFileError) options.onDamaged?.(error);
    return null;
  });
  if (loaded) {
    if (sameKeys(loaded.keys, keys)) return { index: loaded.index, built: false, updated: false };
    const { slotOf } = reconcile(loaded.keys, keys);
    const index = loaded.index.update(slotOf, chunks, contexts);
    await save(dir, index, keys, libraryHash);
    return { index, built: false, updated: true };
  }
  const index = createLexicalIndex(chunks, documents, contexts);
  await save(dir, index, keys, libraryHash);
  return { index, built: true, updated: false };
}
