import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Library, loadLibrary } from '../../src/library/library.ts';
import { createLexicalIndex } from '../../src/search/lexical.ts';
import { openLexicalIndex } from '../../src/search/lexical-store.ts';
import { type DamagedFileError, sealManifest } from '../../src/integrity.ts';
import { garble } from '../helpers/damage.ts';

const SEED = new URL('../../seeds/000_f0a0ede04f7e6c37.txt', import.meta.url).pathname;
const QUERIES = ['售电公司注册条件', '贵州省营商环境投诉转办时限', '核准出口商有效期'];

describe('persisted lexical index', () => {
  let work: string;
  let library: Library;
  let dir: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'policy-qa-lexical-'));
    await mkdir(path.join(work, 'seeds'));
    await cp(SEED, path.join(work, 'seeds', 'weekly.txt'));
    library = await loadLibrary(path.join(work, 'seeds'));
    dir = path.join(work, 'lexical');
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  const open = (libraryHash = library.hash) => openLexicalIndex({ dir, chunks: library.chunks, documents: library.documents, libraryHash });

  it('should build and write the index on first open, then load it', async () => {
    expect((await open()).built).toBe(true);
    expect((await open()).built).toBe(false);
  });

  it('should rank exactly as a freshly built index after loading', async () => {
    const loaded = (await open()).index;
    const fresh = createLexicalIndex(library.chunks, library.documents);
    for (const query of QUERIES) {
      expect(loaded.search(query, 10)).toEqual(fresh.search(query, 10));
      expect(loaded.wordIdf('售电')).toBe(fresh.wordIdf('售电'));
    }
    expect(loaded.generalShare('公司')).toBe(fresh.generalShare('公司'));
  });

  it('should update, not rebuild, when documents are removed and added, ranking as a fresh build does', async () => {
    const first = library.documents[0]?.id;
    const others = library.chunks.filter((chunk) => chunk.docId !== first);
    await openLexicalIndex({ dir, chunks: others, documents: library.documents, libraryHash: 'fewer' });
    const reopened = await openLexicalIndex({ dir, chunks: library.chunks, documents: library.documents, libraryHash: library.hash });
    expect(reopened).toMatchObject({ built: false, updated: true });
    const fresh = createLexicalIndex(library.chunks, library.documents);
    const top = (index: typeof fresh, query: string) => index.search(query, 3).bigram.map((hit) => hit.index);
    for (const query of [...QUERIES, (library.chunks.find((chunk) => chunk.docId === first)?.text ?? '').slice(0, 30)]) {
      expect(top(reopened.index, query)).toEqual(top(fresh, query));
    }
    // Words of the documents added again are counted again, as in a fresh build.
    expect(reopened.index.snapshots().general).toEqual(fresh.snapshots().general);
    expect((await open()).updated).toBe(false);
  });

  it('should rebuild when a postings file is damaged, never load it', async () => {
    await open();
    await writeFile(path.join(dir, 'bigram.bin'), new Uint8Array(10));
    expect((await open()).built).toBe(true);
  });

  it('should rebuild a garbled file of unchanged size and name it, never rank with it', async () => {
    const fresh = createLexicalIndex(library.chunks, library.documents);
    for (const file of ['bigram.bin', 'word.bin', 'bigram.terms.json', 'word.terms.json', 'word.general.json', 'manifest.json']) {
      await open();
      await garble(path.join(dir, file));
      const damaged: DamagedFileError[] = [];
      const opened = await openLexicalIndex({ dir, chunks: library.chunks, documents: library.documents, libraryHash: library.hash, onDamaged: (error) => damaged.push(error) });
      expect(opened.built).toBe(true);
      expect(damaged.map((error) => error.file)).toEqual([path.join(dir, file)]);
      expect(opened.index.search(QUERIES[0] as string, 10)).toEqual(fresh.search(QUERIES[0] as string, 10));
    }
  });

  it('should rebuild an index of an older format without calling it damaged', async () => {
    await open();
    const manifestFile = path.join(dir, 'manifest.json');
    const { checksum: _checksum, ...manifest } = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, unknown>;
    await writeFile(manifestFile, sealManifest({ ...manifest, format: 3 }));
    const damaged: DamagedFileError[] = [];
    const opened = await openLexicalIndex({ dir, chunks: library.chunks, documents: library.documents, libraryHash: library.hash, onDamaged: (error) => damaged.push(error) });
    expect(opened.built).toBe(true);
    expect(damaged).toEqual([]);
  });

  it('should rebuild when the manifest names another tokenizer', async () => {
    const manifestFile = path.join(dir, 'manifest.json');
    const { checksum: _checksum, ...manifest } = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, unknown>;
    await writeFile(manifestFile, sealManifest({ ...manifest, signature: 'an older tokenizer' }));
    expect((await open()).built).toBe(true);
  });
});
