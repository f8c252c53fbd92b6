/**
 * The persisted dense index: HNSW graph, vectors and a manifest in `embeddings/index/`. Loaded when the
 * manifest matches the library and model; otherwise rebuilt, written to a temporary folder and renamed,
 * so a crash mid-build never leaves a half-written index that is later trusted.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { type FileContent, writeFolderAtomically } from '../atomic-folder.ts';
import type { Chunk } from '../library/schema.ts';
import { VectorStore } from './vector-store.ts';

const INDEX_FORMAT = 1;

export const IndexManifestSchema = z.object({
  format: z.literal(INDEX_FORMAT),
  model: z.string(),
  dimension: z.number().int().positive(),
  libraryHash: z.string(),
  chunkCount: z.number().int().nonnegative(),
  builtAt: z.iso.datetime(),
  buildMs: z.number().nonnegative(),
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
}

/** What the embedder reads for a chunk: its document and clause path give the words meaning. */
export function embeddingText(chunk: Chunk): string {
  return `${chunk.docTitle} ${chunk.clause}\n${chunk.text}`;
}

const FILES = { manifest: 'manifest.json', graph: 'hnsw.bin', vectors: 'vectors.f32', ids: 'chunk-ids.json' } as const;
const BATCH = 64;

async function tryLoad(dir: string, expected: Omit<IndexManifest, 'format' | 'builtAt' | 'buildMs'>, chunks: readonly Chunk[]): Promise<{ store: VectorStore; manifest: IndexManifest } | null> {
  let manifest: IndexManifest;
  try {
    manifest = IndexManifestSchema.parse(JSON.parse(await readFile(path.join(dir, FILES.manifest), 'utf8')));
  } catch {
    return null;
  }
  const matches = manifest.model === expected.model && manifest.dimension === expected.dimension
    && manifest.libraryHash === expected.libraryHash && manifest.chunkCount === expected.chunkCount;
  if (!matches) return null;
  const ids = ChunkIdsSchema.parse(JSON.parse(await readFile(path.join(dir, FILES.ids), 'utf8')));
  if (ids.length !== chunks.length || ids.some((id, i) => id !== chunks[i]?.id)) return null;
  const bytes = await readFile(path.join(dir, FILES.vectors));
  if (bytes.byteLength !== manifest.chunkCount * manifest.dimension * 4) return null;
  const matrix = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { store: await VectorStore.read(path.join(dir, FILES.graph), matrix, manifest.dimension), manifest };
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

function save(dir: string, store: VectorStore, manifest: IndexManifest, chunks: readonly Chunk[]): Promise<void> {
  return writeFolderAtomically(dir, new Map<string, FileContent>([
    [FILES.graph, (file) => store.writeGraph(file)],
    [FILES.vectors, new Uint8Array(store.matrix.buffer, store.matrix.byteOffset, store.matrix.byteLength)],
    [FILES.ids, JSON.stringify(chunks.map((chunk) => chunk.id))],
    // The manifest goes last: a folder without one is never loaded.
    [FILES.manifest, JSON.stringify(manifest, null, 2)],
  ]));
}

/** Loads the index when it matches, else builds and persists it; `built` says which happened. */
export async function openDenseIndex(options: DenseIndexOptions): Promise<{ store: VectorStore; manifest: IndexManifest; built: boolean }> {
  const { dir, chunks, libraryHash, embedder } = options;
  const expected = { model: embedder.id, dimension: embedder.dimension, libraryHash, chunkCount: chunks.length };
  const loaded = await tryLoad(dir, expected, chunks).catch(() => null);
  if (loaded) return { ...loaded, built: false };
  const started = performance.now();
  const store = VectorStore.build(await embedAll(options), embedder.dimension);
  const manifest: IndexManifest = { format: INDEX_FORMAT, ...expected, builtAt: new Date().toISOString(), buildMs: Math.round(performance.now() - started) };
  await mkdir(path.dirname(dir), { recursive: true });
  await save(dir, store, manifest, chunks);
  return { store, manifest, built: true };
}
