/**
 * The persisted dense index: HNSW graph, vectors and a manifest in `embeddings/index/`. Loaded when the
 * manifest matches the library and model and every file matches its recorded hash; otherwise rebuilt,
 * written to a temporary folder and renamed, so a crash mid-build never leaves a half-written index that
 * is later trusted, and garbled bytes never reach hnswlib's native reader.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { type FileContent, MANIFEST_FILE, writeFolderAtomically } from '../atomic-folder.ts';
import { DamagedFileError, type FileRecords, FileRecordsSchema, readSealedManifest, readVerified, verifyAll, verifyFile } from '../integrity.ts';
import type { Chunk } from '../library/schema.ts';
import { VectorStore } from './vector-store.ts';

/** 2: files recorded with their hashes, manifest sealed. */
const INDEX_FORMAT = 2;

export const IndexManifestSchema = z.object({
  format: z.literal(INDEX_FORMAT),
  model: z.string(),
  dimension: z.number().int().positive(),
  libraryHash: z.string(),
  chunkCount: z.number().int().nonnegative(),
  builtAt: z.iso.datetime(),
  buildMs: z.number().nonnegative(),
  files: FileRecordsSchema,
});
export type IndexManifest = z.infer<typeof IndexManifestSchema>;

const ChunkIdsSchema = z.array(z.string());

export interface DenseEmbedder {
  readonly id: string;
  readonly dimension: number;
  embedDocuments(texts: string[]): Promise<Float32Array[]>;
}

export interface DenseIndexOptions {
  dir: string;
  chunks: readonly Chunk[];
  libraryHash: string;
  embedder: DenseEmbedder;
  onProgress?: (done: number, total: number) => void;
  /** A stored file did not match its manifest: it is rebuilt; say which. */
  onDamaged?: (error: DamagedFileError) => void;
}

/** What the embedder reads for a chunk: its document and clause path give the words meaning. */
export function embeddingText(chunk: Chunk): string {
  return `${chunk.docTitle} ${chunk.clause}\n${chunk.text}`;
}

const FILES = { graph: 'hnsw.bin', vectors: 'vectors.f32', ids: 'chunk-ids.json' } as const;
const BATCH = 64;

type Expected = Pick<IndexManifest, 'model' | 'dimension' | 'libraryHash' | 'chunkCount'>;

/** The stored manifest when it is of this library and model; null when stale or absent. */
async function currentManifest(dir: string, expected: Omit<Expected, 'dimension'> & { dimension?: number }): Promise<IndexManifest | null> {
  const manifest = await readSealedManifest(path.join(dir, MANIFEST_FILE), IndexManifestSchema);
  const matches = manifest !== null && manifest.model === expected.model && (expected.dimension === undefined || manifest.dimension === expected.dimension)
    && manifest.libraryHash === expected.libraryHash && manifest.chunkCount === expected.chunkCount;
  return matches ? manifest : null;
}

async function readIds(dir: string, manifest: IndexManifest, chunks: readonly Chunk[]): Promise<boolean> {
  const ids = ChunkIdsSchema.parse(JSON.parse((await readVerified(dir, FILES.ids, manifest.files)).toString('utf8')));
  return ids.length === chunks.length && ids.every((id, i) => id === chunks[i]?.id);
}

/** The stored index when it is of this library and model and intact; null when stale or absent. */
async function tryLoad(dir: string, expected: Expected, chunks: readonly Chunk[]): Promise<{ store: VectorStore; manifest: IndexManifest } | null> {
  const manifest = await currentManifest(dir, expected);
  if (!manifest || !(await readIds(dir, manifest, chunks))) return null;
  const bytes = await readVerified(dir, FILES.vectors, manifest.files);
  if (bytes.byteLength !== manifest.chunkCount * manifest.dimension * 4) throw new DamagedFileError(path.join(dir, FILES.vectors), 'its size does not fit the chunk count and dimension');
  const matrix = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  // hnswlib trusts its input: only bytes that are exactly those written may reach it.
  await verifyFile(dir, FILES.graph, manifest.files);
  return { store: await VectorStore.read(path.join(dir, FILES.graph), matrix, manifest.dimension), manifest };
}

/** True when `openDenseIndex` with an embedder of id `model` would load, not build. */
export async function denseIndexCurrent(options: { dir: string; chunks: readonly Chunk[]; libraryHash: string; model: string }): Promise<boolean> {
  try {
    const manifest = await currentManifest(options.dir, { model: options.model, libraryHash: options.libraryHash, chunkCount: options.chunks.length });
    if (!manifest || !(await readIds(options.dir, manifest, options.chunks))) return false;
    await verifyAll(options.dir, manifest.files);
    return true;
  } catch {
    return false;
  }
}

async function embedAll(options: DenseIndexOptions): Promise<Float32Array[]> {
  const texts = options.chunks.map(embeddingText);
  const vectors: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += BATCH) {
    vectors.push(...(await options.embedder.embedDocuments(texts.slice(i, i + BATCH))));
    options.onProgress?.(Math.min(texts.length, i + BATCH), texts.length);
  }
  return vectors;
}

function save(dir: string, store: VectorStore, manifest: Omit<IndexManifest, 'files'>, chunks: readonly Chunk[]): Promise<FileRecords> {
  return writeFolderAtomically(dir, new Map<string, FileContent>([
    [FILES.graph, (file) => store.writeGraph(file)],
    [FILES.vectors, new Uint8Array(store.matrix.buffer, store.matrix.byteOffset, store.matrix.byteLength)],
    [FILES.ids, JSON.stringify(chunks.map((chunk) => chunk.id))],
  ]), { manifest });
}

/** Loads the index when it matches, else builds and persists it; `built` says which happened. */
export async function openDenseIndex(options: DenseIndexOptions): Promise<{ store: VectorStore; manifest: IndexManifest; built: boolean }> {
  const { dir, chunks, libraryHash, embedder } = options;
  const expected = { model: embedder.id, dimension: embedder.dimension, libraryHash, chunkCount: chunks.length };
  const loaded = await tryLoad(dir, expected, chunks).catch((error: unknown) => {
    if (error instanceof DamagedFileError) options.onDamaged?.(error);
    return null;
  });
  if (loaded) return { ...loaded, built: false };
  const started = performance.now();
  const store = VectorStore.build(await embedAll(options), embedder.dimension);
  const header = { format: INDEX_FORMAT, ...expected, builtAt: new Date().toISOString(), buildMs: Math.round(performance.now() - started) } as const;
  await mkdir(path.dirname(dir), { recursive: true });
  const files = await save(dir, store, header, chunks);
  return { store, manifest: { ...header, files }, built: true };
}
