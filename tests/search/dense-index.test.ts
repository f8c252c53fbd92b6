import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBuiltinModel } from '../../src/embed/builtin-model.ts';
import { createEmbedder, type Embedder } from '../../src/embed/embedder.ts';
import { type Library, loadLibrary } from '../../src/library/library.ts';
import type { DamagedFileError } from '../../src/integrity.ts';
import { embeddingText, openDenseIndex } from '../../src/search/dense-index.ts';
import { garble } from '../helpers/damage.ts';

const SEED = new URL('../../seeds/001_199d0941f1e6859e.txt', import.meta.url).pathname;

describe('dense index persistence', () => {
  let work: string;
  let library: Library;
  let embedder: Embedder;
  let indexDir: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'policy-qa-index-'));
    await mkdir(path.join(work, 'seeds'));
    await cp(SEED, path.join(work, 'seeds', 'city-plan.txt'));
    library = await loadLibrary(path.join(work, 'seeds'));
    await buildBuiltinModel({ passages: library.chunks.map(embeddingText), outDir: path.join(work, 'model') });
    embedder = await createEmbedder({ model: 'builtin', builtinDir: path.join(work, 'model'), cacheDir: path.join(work, 'cache'), allowRemote: false });
    indexDir = path.join(work, 'index');
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  describe('on first open', () => {
    it('should build the index and write a valid manifest', async () => {
      const opened = await openDenseIndex({ dir: indexDir, chunks: library.chunks, libraryHash: library.hash, embedder });
      expect(opened.built).toBe(true);
      const manifest = JSON.parse(await readFile(path.join(indexDir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
      expect(manifest).toMatchObject({ model: embedder.id, dimension: embedder.dimension, libraryHash: library.hash, chunkCount: library.chunks.length, checksum: expect.any(String) });
      expect(Object.keys(manifest.files as object).sort()).toEqual(['hnsw.bin', 'label-keys.json', 'vectors.f32']);
      expect(opened.store.count).toBe(library.chunks.length);
    });

    it('should leave no temporary folders behind', async () => {
      expect((await readdir(work)).filter((name) => name.includes('.tmp-') || name.includes('.old-'))).toEqual([]);
    });
  });

  describe('on restart with the same library and model', () => {
    it('should load the index without embedding again', async () => {
      let embedded = 0;
      const counting = { id: embedder.id, dimension: embedder.dimension, embedDocuments: (texts: string[]) => ((embedded += texts.length), embedder.embedDocuments(texts)) };
      const opened = await openDenseIndex({ dir: indexDir, chunks: library.chunks, libraryHash: library.hash, embedder: counting });
      expect(opened.built).toBe(false);
      expect(embedded).toBe(0);
    });

    it('should find a chunk by its own vector after loading', async () => {
      const opened = await openDenseIndex({ dir: indexDir, chunks: library.chunks, libraryHash: library.hash, embedder });
      const [vector] = await embedder.embedDocuments([embeddingText(library.chunks[7] as (typeof library.chunks)[number])]);
      expect(opened.store.search(vector as Float32Array, 1)[0]?.index).toBe(7);
    });
  });

  describe('when the library or the model changes', () => {
    it('should embed only the chunks added and mark the removed ones deleted', async () => {
      let embedded = 0;
      const counting = { id: embedder.id, dimension: embedder.dimension, embedDocuments: (texts: string[]) => ((embedded += texts.length), embedder.embedDocuments(texts)) };
      const fewer = library.chunks.slice(5);
      const removed = await openDenseIndex({ dir: indexDir, chunks: fewer, libraryHash: 'fewer', embedder: counting });
      expect(removed).toMatchObject({ built: false, added: 0, deleted: 5 });
      expect(removed.store.count).toBe(fewer.length);
      const again = await openDenseIndex({ dir: indexDir, chunks: library.chunks, libraryHash: library.hash, embedder: counting });
      expect(again).toMatchObject({ built: false, added: 5, deleted: 0 });
      expect(embedded).toBe(5);
      const [vector] = await embedder.embedDocuments([embeddingText(library.chunks[2] as (typeof library.chunks)[number])]);
      expect(again.store.search(vector as Float32Array, 1)[0]?.index).toBe(2);
      expect(again.manifest.labels).toBe(library.chunks.length + 5);
    });

    it('should never return a removed chunk', async () => {
      const fewer = library.chunks.slice(1);
      const opened = await openDenseIndex({ dir: indexDir, chunks: fewer, libraryHash: 'fewer', embedder });
      const [vector] = await embedder.embedDocuments([embeddingText(library.chunks[0] as (typeof library.chunks)[number])]);
      const ids = opened.store.search(vector as Float32Array, fewer.length).map((hit) => fewer[hit.index]?.id);
      expect(ids).not.toContain(library.chunks[0]?.id);
      expect(ids).toHaveLength(fewer.length);
    });

    it('should rebuild for a different model id', async () => {
      const other = { id: 'another-model', dimension: embedder.dimension, embedDocuments: (texts: string[]) => embedder.embedDocuments(texts) };
      expect((await openDenseIndex({ dir: indexDir, chunks: library.chunks, libraryHash: 'changed', embedder: other })).built).toBe(true);
    });
  });

  describe('after a crash mid-write', () => {
    it('should not trust an index folder whose manifest is missing or corrupt', async () => {
      await openDenseIndex({ dir: indexDir, chunks: library.chunks, libraryHash: library.hash, embedder });
      await writeFile(path.join(indexDir, 'manifest.json'), '{"format":1,"model":');
      expect((await openDenseIndex({ dir: indexDir, chunks: library.chunks, libraryHash: library.hash, embedder })).built).toBe(true);
    });

    it('should rebuild a garbled file of unchanged size, naming it, and never hand a garbled graph to hnswlib', async () => {
      // A garbled graph read by hnswlib crashes the process at the first search: this test would not finish.
      for (const file of ['hnsw.bin', 'vectors.f32', 'label-keys.json', 'manifest.json']) {
        await openDenseIndex({ dir: indexDir, chunks: library.chunks, libraryHash: library.hash, embedder });
        await garble(path.join(indexDir, file));
        const damaged: DamagedFileError[] = [];
        const opened = await openDenseIndex({ dir: indexDir, chunks: library.chunks, libraryHash: library.hash, embedder, onDamaged: (error) => damaged.push(error) });
        expect(opened.built).toBe(true);
        expect(damaged.map((error) => error.file)).toEqual([path.join(indexDir, file)]);
        const [vector] = await embedder.embedDocuments([embeddingText(library.chunks[3] as (typeof library.chunks)[number])]);
        expect(opened.store.search(vector as Float32Array, 1)[0]?.index).toBe(3);
      }
    });

    it('should load the last complete index, not an update killed while it was being written beside it', async () => {
      const fewer = library.chunks.slice(3);
      await openDenseIndex({ dir: indexDir, chunks: fewer, libraryHash: 'fewer', embedder });
      // What writeFolderAtomically leaves when killed before its rename: a staging folder, half written, no manifest.
      const staging = path.join(work, `.index.tmp-999999-${Date.now().toString(36)}`);
      await mkdir(staging);
      await writeFile(path.join(staging, 'hnsw.bin'), new Uint8Array(100));
      await writeFile(path.join(staging, 'label-keys.json'), '["a", "b"');
      let embedded = 0;
      const counting = { id: embedder.id, dimension: embedder.dimension, embedDocuments: (texts: string[]) => ((embedded += texts.length), embedder.embedDocuments(texts)) };
      // The library file was written before the crash: the next open embeds just its chunks, once.
      const opened = await openDenseIndex({ dir: indexDir, chunks: library.chunks, libraryHash: library.hash, embedder: counting });
      expect(opened).toMatchObject({ built: false, added: 3, deleted: 0 });
      expect(embedded).toBe(3);
      expect((await readdir(work)).filter((name) => name.startsWith('.index.'))).toEqual([path.basename(staging)]);
      await rm(staging, { recursive: true });
    });

    it('should not trust a vectors file of the wrong size', async () => {
      await writeFile(path.join(indexDir, 'vectors.f32'), new Uint8Array(12));
      expect((await openDenseIndex({ dir: indexDir, chunks: library.chunks, libraryHash: library.hash, embedder })).built).toBe(true);
    });
  });
});
