import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltinModel } from '../../src/embed/builtin-model-store.ts';
import { createEmbedder } from '../../src/embed/embedder.ts';
import type { DamagedFileError } from '../../src/integrity.ts';
import { garble, halve } from '../helpers/damage.ts';
import { loadLibrary } from '../../src/library/library.ts';

const SEEDS = new URL('../../seeds', import.meta.url).pathname;

describe('built-in model freshness', () => {
  let work: string;
  let passages: string[];

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'policy-qa-builtin-'));
    passages = (await loadLibrary(SEEDS)).chunks.filter((chunk) => chunk.source.startsWith('001_')).map((chunk) => chunk.text);
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('should build on first use, then find the model current', async () => {
    expect(await ensureBuiltinModel({ embeddingsDir: work, passages, libraryHash: 'a' })).not.toBeNull();
    expect(await ensureBuiltinModel({ embeddingsDir: work, passages, libraryHash: 'a' })).toBeNull();
  });

  it('should rebuild when the passages change though the library files did not (regression)', async () => {
    expect(await ensureBuiltinModel({ embeddingsDir: work, passages: [...passages, '新增条款：企业开办一日办结。'], libraryHash: 'a' })).not.toBeNull();
  });

  it('should rebuild when the model folder is gone', async () => {
    await rm(path.join(work, 'builtin-model'), { recursive: true, force: true });
    expect(await ensureBuiltinModel({ embeddingsDir: work, passages, libraryHash: 'a' })).not.toBeNull();
  });

  describe('when a stored file is damaged (regression: a truncated file left the server lexical-only for good)', () => {
    for (const [file, damage] of [['tokenizer.json', halve], ['onnx/model.onnx', garble]] as const) {
      it(`should rebuild after ${damage.name} ${file}, naming it, and load the model again`, async () => {
        await ensureBuiltinModel({ embeddingsDir: work, passages, libraryHash: 'a' });
        const target = path.join(work, 'builtin-model', file);
        await damage(target);
        const damaged: DamagedFileError[] = [];
        expect(await ensureBuiltinModel({ embeddingsDir: work, passages, libraryHash: 'a', onDamaged: (error) => damaged.push(error) })).not.toBeNull();
        expect(damaged.map((error) => error.file)).toEqual([target]);
        const embedder = await createEmbedder({ model: 'builtin', builtinDir: path.join(work, 'builtin-model'), cacheDir: path.join(work, 'cache'), allowRemote: false });
        expect(embedder.dimension).toBeGreaterThan(0);
      });
    }
  });
});
