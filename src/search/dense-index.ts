/**
 * The persisted dense index: HNSW graph, vectors, the key of each graph label and a manifest in
 * `embeddings/index/`. Opening it reconciles it with the library: chunks it lacks are embedded and added,
 * chunks gone are marked deleted, the rest is reused; a new model means a full build. Every change is
 * written to a temporary folder and renamed (manifest last), so a crash mid-write never leaves a
 * half-written index that is later trusted; every file must match the hash its manifest records, so
 * garbled bytes never reach hnswlib's native reader.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { type FileContent, MANIFEST_FILE, writeFolderAtomically } from '../atomic-folder.ts';
import { DamagedFileError, FileRecordsSchema, readSealedManifest, readVerified, verifyAll, verifyFile } from '../integrity.ts';
import type { Chunk } from '../library/schema.ts';
import { alignedBytes } from './aligned-bytes.ts';
import { reconcile } from './reconcile.ts';
import { type MadeStore, VectorStore } from './vector-store.ts';

/** 3: graph labels keyed by chunk content, files recorded with their hashes, manifest sealed. */
const INDEX_FORMAT = 3;

export const IndexManifestSchema = z.object({
  format: z.literal(INDEX_FORMAT),
  model: z.string(),
  dimension: z.number().int().positive(),
  libraryHash: z.string(),
  /** Live chunks; `labels` counts deleted points too. */
  chunkCount: z.number().int().nonnegative(),
  labels: z.number().int().nonnegative(),
  builtAt: z.iso.datetime(),
  buildMs: z.number().nonnegative(),
  files: FileRecordsSchema,
});
export type IndexManifest = z.infer<typeof IndexManifestSchema>;

/** The key each graph label holds, null once deleted. */
const LabelKeysSchema = z.array(z.string().nullable());

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

export interface OpenedDenseIndex {
  store: VectorStore;
  manifest: IndexManifest;
  /** True when every chunk was embedded (no usable index, or another model). */
  built: boolean;
  /** Chunks embedded and added, and points marked deleted, when an existing index was updated. */
  added: number;
  deleted: number;
}

/** What the embedder reads for a chunk: its document and clause path give the words meaning. */
export function embeddingText(chunk: Chunk): string {
  return `${chunk.docTitle} ${chunk.clause}\n${chunk.text}`;
}

const chunkKey = (chunk: Chunk): string => createHash('sha1').update(`${chunk.id}\u0000${embeddingText(chunk)}`).digest('hex').slice(0, 20);

const FILES = { graph: 'hnsw.bin', vectors: 'vectors.f32', keys: 'label-keys.json' } as const;
const BATCH = 64;

interface Persisted {
  manifest: IndexManifest;
  keys: (string | null)[];
  matrix: Float32Array;
}

/** The stored manifest and label keys when they are of this model; null when absent or of another model. */
async function readKeys(dir: string, model: string, dimension?: number): Promise<{ manifest: IndexManifest; keys: (string | null)[] } | null> {
  const manifest = await readSealedManifest(path.join(dir, MANIFEST_FILE), IndexManifestSchema, INDEX_FORMAT);
  if (manifest === null || manifest.model !== model || (dimension !== undefined && manifest.dimension !== dimension)) return null;
  const keys = LabelKeysSchema.parse(JSON.parse((await readVerified(dir, FILES.keys, manifest.files)).toString('utf8')));
  if (keys.length !== manifest.labels) throw new DamagedFileError(path.join(dir, FILES.keys), 'it does not hold one key per label');
  return { manifest, keys };
}

async function readPersisted(dir: string, embedder: DenseEmbedder): Promise<Persisted | null> {
  const stored = await readKeys(dir, embedder.id, embedder.dimension);
  if (!stored) return null;
  const { manifest } = stored;
  const bytes = await readVerified(dir, FILES.vectors, manifest.files);
  if (bytes.byteLength !== manifest.labels * manifest.dimension * 4) throw new DamagedFileError(path.join(dir, FILES.vectors), 'its size does not fit the label count and dimension');
  // hnswlib trusts its input: only bytes that are exactly those written may reach it.
  await verifyFile(dir, FILES.graph, manifest.files);
  const { buffer, byteOffset } = alignedBytes(bytes);
  return { ...stored, matrix: new Float32Array(buffer, byteOffset, bytes.byteLength / Float32Array.BYTES_PER_ELEMENT) };
}

/** True when `openDenseIndex` with an embedder of id `model` would load the index as it is: nothing to embed, delete or write. */
export async function denseIndexCurrent(options: { dir: string; chunks: readonly Chunk[]; model: string }): Promise<boolean> {
  try {
    const stored = await readKeys(options.dir, options.model);
    if (!stored) return false;
    const { missing, stale } = reconcile(stored.keys, options.chunks.map(chunkKey));
    if (missing.length > 0 || stale.length > 0) return false;
    await verifyAll(options.dir, stored.manifest.files);
    return true;
  } catch {
    return false;
  }
}

async function embed(chunks: readonly Chunk[], options: DenseIndexOptions): Promise<Float32Array[]> {
  const texts = chunks.map(embeddingText);
  const vectors: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += BATCH) {
    vectors.push(...(await options.embedder.embedDocuments(texts.slice(i, i + BATCH))));
    options.onProgress?.(Math.min(texts.length, i + BATCH), texts.length);
  }
  return vectors;
}

type Header = Omit<IndexManifest, 'files'>;

async function save(dir: string, { store, rows }: MadeStore, header: Header, keys: readonly (string | null)[]): Promise<IndexManifest> {
  const files = await writeFolderAtomically(dir, new Map<string, FileContent>([
    [FILES.graph, (file) => store.writeGraph(file)],
    [FILES.vectors, new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength)],
    [FILES.keys, JSON.stringify(keys)],
  ]), { manifest: header });
  return { ...header, files };
}

/** A fresh graph over `vectors` (one per chunk, in order): a first build, or compaction after many deletions. */
function fresh(vectors: readonly Float32Array[], keys: string[], dimension: number) {
  return { made: VectorStore.build(vectors, dimension), keys: keys as (string | null)[] };
}

/** Loads the index, bringing it up to date with `chunks` when they changed; builds it when there is none. */
export async function openDenseIndex(options: DenseIndexOptions): Promise<OpenedDenseIndex> {
  const { dir, chunks, libraryHash, embedder } = options;
  const started = performance.now();
  const wanted = chunks.map(chunkKey);
  const persisted = await readPersisted(dir, embedder).catch((error: unknown) => {
    if (error instanceof DamagedFileError) options.onDamaged?.(error);
    return null;
  });
  const stamp = (keys: readonly (string | null)[], buildMs: number): Header => ({
    format: INDEX_FORMAT, model: embedder.id, dimension: embedder.dimension, libraryHash, chunkCount: chunks.length, labels: keys.length,
    builtAt: new Date().toISOString(), buildMs,
  });
  if (persisted) {
    const plan = reconcile(persisted.keys, wanted);
    const { dimension } = persisted.manifest;
    const graphFile = path.join(dir, FILES.graph);
    const unchanged = plan.missing.length === 0 && plan.stale.length === 0;
    const loaded = await (async () => {
      const added = await embed(plan.missing.map((i) => chunks[i] as Chunk), options);
      const labelOf = plan.slotOf.slice();
      plan.missing.forEach((index, n) => (labelOf[index] = persisted.keys.length + n));
      const stale = new Set(plan.stale);
      const keys = [...persisted.keys.map((key, label) => (stale.has(label) ? null : key)), ...plan.missing.map((i) => wanted[i] as string)];
      const deadLabels = keys.filter((key) => key === null).length;
      if (deadLabels > chunks.length) {
        // More dead points than live ones slow the graph down: rebuild it from the stored vectors, no embedding.
        const vectors = chunks.map((_, index) => {
          const n = plan.missing.indexOf(index);
          const label = plan.slotOf[index] as number;
          return n >= 0 ? (added[n] as Float32Array) : persisted.matrix.subarray(label * dimension, (label + 1) * dimension);
        });
        return fresh(vectors, wanted, dimension);
      }
      const made = await VectorStore.read(graphFile, persisted.matrix, dimension, labelOf, { added, deleted: plan.stale });
      return { made, keys };
    })().catch(() => null);
    if (loaded) {
      if (unchanged) return { store: loaded.made.store, manifest: persisted.manifest, built: false, added: 0, deleted: 0 };
      const manifest = await save(dir, loaded.made, stamp(loaded.keys, Math.round(performance.now() - started)), loaded.keys);
      return { store: loaded.made.store, manifest, built: false, added: plan.missing.length, deleted: plan.stale.length };
    }
  }
  const built = fresh(await embed(chunks, options), wanted, embedder.dimension);
  await mkdir(path.dirname(dir), { recursive: true });
  const manifest = await save(dir, built.made, stamp(built.keys, Math.round(performance.now() - started)), built.keys);
  return { store: built.made.store, manifest, built: true, added: chunks.length, deleted: 0 };
}
