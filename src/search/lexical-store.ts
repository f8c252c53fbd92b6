/**
 * The persisted lexical index in `embeddings/lexical/`: building BM25 for the library takes most of a
 * second, reading it back a tenth of that. Loaded only when its manifest names this library, these
 * chunks, this tokenizer and these contexts, and when every file matches its recorded hash (garbled
 * postings would change rankings silently); written atomically like the dense index.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { type FileContent, MANIFEST_FILE, writeFolderAtomically } from '../atomic-folder.ts';
import { DamagedFileError, FileRecordsSchema, readSealedManifest, readVerified, verifyAll } from '../integrity.ts';
import type { Chunk, PolicyDocument } from '../library/schema.ts';
import type { Bm25Snapshot } from './bm25.ts';
import { createLexicalIndex, LEXICAL_SIGNATURE, type LexicalIndex, type LexicalSnapshots, passageContexts, restoreLexicalIndex } from './lexical.ts';

const STREAMS = ['bigram', 'word'] as const;

/** What the index was built from beyond the chunks themselves: tokenizer, field weights and every context. */
function contentSignature(chunks: readonly Chunk[], documents: readonly PolicyDocument[]): string {
  const hash = createHash('sha256').update(LEXICAL_SIGNATURE);
  for (const { document, own } of passageContexts(chunks, documents)) hash.update(`\u0000${document}\u0001${own}`);
  return hash.digest('hex');
}

const StreamHeaderSchema = z.object({ size: z.number().int(), k1: z.number(), terms: z.number().int(), postings: z.number().int() });
/** 2: files recorded with their hashes, manifest sealed. */
const LEXICAL_FORMAT = 2;
export const LexicalManifestSchema = z.object({
  format: z.literal(LEXICAL_FORMAT),
  signature: z.string(),
  libraryHash: z.string(),
  chunkIds: z.array(z.string()),
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
  const words = new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const lengths = [header.terms + 1, header.postings, header.postings, header.terms];
  if (words.length !== lengths.reduce((sum, n) => sum + n, 0) || terms.length !== header.terms) throw new Error('lexical index file has the wrong size');
  let at = 0;
  const take = (n: number) => words.subarray(at, (at += n));
  const offsets = take(header.terms + 1);
  const docs = take(header.postings);
  const tfs = new Float32Array(take(header.postings).slice().buffer);
  const idfs = new Float32Array(take(header.terms).slice().buffer);
  return { terms, size: header.size, k1: header.k1, offsets, docs, tfs, idfs };
}

type LexicalManifest = z.infer<typeof LexicalManifestSchema>;

async function currentManifest(dir: string, signature: string, libraryHash: string, chunks: readonly Chunk[]): Promise<LexicalManifest | null> {
  const manifest = await readSealedManifest(path.join(dir, MANIFEST_FILE), LexicalManifestSchema);
  const fresh = manifest !== null && manifest.signature === signature && manifest.libraryHash === libraryHash
    && manifest.chunkIds.length === chunks.length && manifest.chunkIds.every((id, i) => id === chunks[i]?.id);
  return fresh ? manifest : null;
}

async function load(dir: string, signature: string, libraryHash: string, chunks: readonly Chunk[]): Promise<LexicalIndex | null> {
  const manifest = await currentManifest(dir, signature, libraryHash, chunks);
  if (!manifest) return null;
  const snapshots: Partial<LexicalSnapshots> = {};
  for (const stream of STREAMS) {
    const terms = z.array(z.string()).parse(JSON.parse((await readVerified(dir, `${stream}.terms.json`, manifest.files)).toString('utf8')));
    snapshots[stream] = decode(await readVerified(dir, `${stream}.bin`, manifest.files), manifest.streams[stream], terms);
  }
  return restoreLexicalIndex(snapshots as LexicalSnapshots);
}

async function save(dir: string, index: LexicalIndex, signature: string, libraryHash: string, chunks: readonly Chunk[]): Promise<void> {
  const snapshots = index.snapshots();
  const files = new Map<string, FileContent>();
  for (const stream of STREAMS) {
    files.set(`${stream}.terms.json`, JSON.stringify(snapshots[stream].terms));
    files.set(`${stream}.bin`, encode(snapshots[stream]));
  }
  const header = (snapshot: Bm25Snapshot) => ({ size: snapshot.size, k1: snapshot.k1, terms: snapshot.terms.length, postings: snapshot.docs.length });
  await writeFolderAtomically(dir, files, {
    manifest: {
      format: LEXICAL_FORMAT, signature, libraryHash, chunkIds: chunks.map((chunk) => chunk.id),
      streams: { bigram: header(snapshots.bigram), word: header(snapshots.word) },
    },
  });
}

/** Loads the lexical index when it matches, else builds it and writes it for the next start. */
export interface LexicalStoreOptions {
  dir: string;
  chunks: readonly Chunk[];
  documents: readonly PolicyDocument[];
  libraryHash: string;
  /** A stored file did not match its manifest: it is rebuilt; say which. */
  onDamaged?: (error: DamagedFileError) => void;
}

/** True when `openLexicalIndex` would load, not build. */
export async function lexicalIndexCurrent(options: Omit<LexicalStoreOptions, 'onDamaged'>): Promise<boolean> {
  try {
    const manifest = await currentManifest(options.dir, contentSignature(options.chunks, options.documents), options.libraryHash, options.chunks);
    if (!manifest) return false;
    await verifyAll(options.dir, manifest.files);
    return true;
  } catch {
    return false;
  }
}

export async function openLexicalIndex(options: LexicalStoreOptions): Promise<{ index: LexicalIndex; built: boolean }> {
  const signature = contentSignature(options.chunks, options.documents);
  const loaded = await load(options.dir, signature, options.libraryHash, options.chunks).catch((error: unknown) => {
    if (error instanceof DamagedFileError) options.onDamaged?.(error);
    return null;
  });
  if (loaded) return { index: loaded, built: false };
  const index = createLexicalIndex(options.chunks, options.documents);
  await save(options.dir, index, signature, options.libraryHash, options.chunks);
  return { index, built: true };
}
