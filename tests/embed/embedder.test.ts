import { cp, mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBuiltinModel } from '../../src/embed/builtin-model.ts';
import { createEmbedder, type Embedder } from '../../src/embed/embedder.ts';
import { EmbedError } from '../../src/embed/errors.ts';

const SEED = new URL('../../seeds/000_f0a0ede04f7e6c37.txt', import.meta.url);
const DIMENSION = 64;
const RELATED_CLAUSE = '连续 12 个月未进行实际交易的售电公司';
const UNRELATED_CLAUSE = '不再通过该渠道受理和转办各类旅游投诉';

/** The seed cut at blank lines into passages, as a library is before its parser chunks it. */
async function seedPassages(): Promise<string[]> {
  const text = await readFile(SEED, 'utf8');
  return text.split(/\n\s*\n/u).map((passage) => passage.trim()).filter((passage) => passage.length >= 10);
}

function cosine(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, x, k) => sum + x * b[k]!, 0);
}

async function rejectionOf(promise: Promise<unknown>): Promise<EmbedError> {
  const error: unknown = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(EmbedError);
  return error as EmbedError;
}

describe('embedder', () => {
  let workDir: string;
  let builtinDir: string;
  let passages: string[];
  let embedder: Embedder;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'policy-qa-embed-'));
    builtinDir = join(workDir, 'builtin');
    passages = await seedPassages();
    await buildBuiltinModel({ passages, outDir: builtinDir, dimension: DIMENSION });
    embedder = await createEmbedder({ model: 'builtin', builtinDir, cacheDir: join(workDir, 'cache'), allowRemote: false });
  }, 60_000);

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  describe('with the built-in model built from a seed', () => {
    it('should load through transformers.js and name the library it was built from', () => {
      expect(embedder.id).toMatch(/^builtin@[0-9a-f]{12}$/);
      expect(embedder.dimension).toBe(DIMENSION);
    });

    it('should return one unit vector of the model dimension per passage', async () => {
      const vectors = await embedder.embedDocuments(passages.slice(0, 20));
      expect(vectors).toHaveLength(20);
      for (const vector of vectors) {
        expect(vector).toHaveLength(DIMENSION);
        expect(Math.sqrt(cosine(vector, vector))).toBeCloseTo(1, 4);
      }
    });

    it('should give the same text the same vector, in a batch or alone', async () => {
      const text = passages[5]!;
      const [inBatch] = (await embedder.embedDocuments([passages[0]!, text])).slice(1);
      const alone = await embedder.embedQuery(text);
      expect(Array.from(alone)).toEqual(Array.from(inBatch!));
    });

    it('should place a question nearer the clause that answers it than an unrelated clause', async () => {
      const related = passages.find((passage) => passage.includes(RELATED_CLAUSE))!;
      const unrelated = passages.find((passage) => passage.includes(UNRELATED_CLAUSE))!;
      const [relatedVector, unrelatedVector] = await embedder.embedDocuments([related, unrelated]);
      const question = await embedder.embedQuery('售电公司一年多没有做成交易，会被暂停交易资格吗？');
      expect(cosine(question, relatedVector!)).toBeGreaterThan(cosine(question, unrelatedVector!) + 0.1);
    });

    it('should give text with no known piece the zero vector instead of NaN', async () => {
      const [vector] = await embedder.embedDocuments(['  ……  ']);
      expect(Array.from(vector!).every((x) => x === 0)).toBe(true);
    });
  });

  describe('when the model folder is missing or broken', () => {
    it('should say which folder is missing and what it should hold', async () => {
      const missing = join(workDir, 'no-such-model');
      const error = await rejectionOf(createEmbedder({ model: 'builtin', builtinDir: missing, cacheDir: workDir, allowRemote: false }));
      expect(error.code).toBe('MODEL_NOT_FOUND');
      expect(error.message).toContain(missing);
      expect(error.message).toContain('config.json, tokenizer.json, onnx/model.onnx');
    });

    it('should name the files a local folder lacks', async () => {
      const partial = join(workDir, 'partial');
      await mkdir(partial, { recursive: true });
      await writeFile(join(partial, 'config.json'), '{}');
      const error = await rejectionOf(createEmbedder({ model: partial, builtinDir, cacheDir: workDir, allowRemote: false }));
      expect(error.code).toBe('MODEL_INVALID');
      expect(error.message).toContain('lacks tokenizer.json, onnx/model.onnx');
    });

    it('should load the folder once it is repaired after a failed load', async () => {
      const folder = join(workDir, 'repaired');
      await mkdir(join(folder, 'onnx'), { recursive: true });
      for (const file of ['config.json', 'tokenizer.json', 'onnx/model.onnx']) await writeFile(join(folder, file), 'not a model');
      const error = await rejectionOf(createEmbedder({ model: folder, builtinDir, cacheDir: workDir, allowRemote: false }));
      expect(error.code).toBe('MODEL_LOAD_FAILED');
      await rm(folder, { recursive: true });
      await cp(builtinDir, folder, { recursive: true });
      const repaired = await createEmbedder({ model: folder, builtinDir, cacheDir: workDir, allowRemote: false });
      expect(repaired.dimension).toBe(DIMENSION);
    });
  });

  describe('when a hub model is asked for', () => {
    it('should refuse without touching the network when downloads are disabled and it is not cached', async () => {
      const error = await rejectionOf(
        createEmbedder({ model: 'Xenova/bge-small-zh-v1.5', builtinDir, cacheDir: join(workDir, 'empty-cache'), allowRemote: false }),
      );
      expect(error.code).toBe('REMOTE_DISABLED');
      expect(error.message).toContain('downloads are disabled');
    });

    it('should reject a name that is neither a folder nor a hub id, listing what is accepted', async () => {
      const error = await rejectionOf(createEmbedder({ model: 'not a model', builtinDir, cacheDir: workDir, allowRemote: false }));
      expect(error.code).toBe('MODEL_NAME_INVALID');
      expect(error.message).toContain('expected "builtin", a folder path, or a hub id');
    });
  });

  describe('when a build fails while writing', () => {
    it('should leave the previous model whole and no temporary folder behind', async () => {
      const before = await readFile(join(builtinDir, 'onnx/model.onnx'));
      let writes = 0;
      const failing = buildBuiltinModel({
        passages: passages.slice(0, 200),
        outDir: builtinDir,
        dimension: 16,
        onProgress: (_done, _total, stage) => {
          if (stage === 'write' && ++writes === 3) throw new Error('disk full');
        },
      });
      await expect(failing).rejects.toThrow('disk full');
      expect((await readFile(join(builtinDir, 'onnx/model.onnx'))).equals(before)).toBe(true);
      expect((await readdir(workDir)).filter((name) => name.includes('.tmp-') || name.includes('.old-'))).toEqual([]);
    });
  });
});
