/**
 * The Viterbi pass over the built-in model's tokenizer against transformers.js' own tokenizer of the same
 * folder: the same ids for every chunk of the seeds and every question of the eval sets, and the same vector.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@xenova/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_MODEL_FOLDER } from '../../src/embed/builtin-model-store.ts';
import { createEmbedder } from '../../src/embed/embedder.ts';
import { type UnigramEncoder, unigramEncoder } from '../../src/embed/unigram-encoder.ts';
import { seedsRuntime } from '../helpers/seeds-runtime.ts';
import { REPO_ROOT } from '../library/seeds.ts';

const EVAL_DIR = path.join(REPO_ROOT, 'eval');

function questionsOfEvalSets(): string[] {
  return readdirSync(EVAL_DIR).filter((file) => file.endsWith('.jsonl') && file !== 'documents.jsonl' && file !== 'conversations.jsonl')
    .flatMap((file) => readFileSync(path.join(EVAL_DIR, file), 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { question: string }).question));
}

describe('the built-in model\'s tokenizer as one Viterbi pass', () => {
  let folder: string;
  let encoder: UnigramEncoder;
  let library: FeatureExtractionPipeline;
  let chunks: string[];

  beforeAll(async () => {
    const { runtime, config } = await seedsRuntime();
    chunks = runtime.searcher().chunks.map((chunk) => chunk.text);
    folder = path.join(config.EMBEDDINGS_DIR, BUILTIN_MODEL_FOLDER);
    encoder = unigramEncoder(folder) as UnigramEncoder;
    env.localModelPath = '/';
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    library = await pipeline('feature-extraction', folder.replace(/^\/+/u, ''), { quantized: false, local_files_only: true });
  });

  const libraryIds = (text: string) => Array.from((library.tokenizer(text) as { input_ids: { data: BigInt64Array } }).input_ids.data, Number);

  it('should give transformers.js\' ids for every chunk of the seeds and every question of the eval sets', () => {
    expect(encoder).not.toBeNull();
    const texts = [...chunks, ...questionsOfEvalSets(), 'ＡＢＣ全角与大写 Latin', '生僻字𠀀与表情😀', ''];
    expect(texts.length).toBeGreaterThan(3500);
    const differing = texts.filter((text) => JSON.stringify(encoder.encode(text)) !== JSON.stringify(libraryIds(text)));
    expect(differing).toEqual([]);
  });

  it('should leave to transformers.js a text with an added token in it', () => {
    expect(encoder.encode('请问<pad>是什么')).toBeNull();
    expect(encoder.encode('请问<PAD>是什么')).toBeNull();
  });

  it('should embed a query as the pipeline does', async () => {
    const { config } = await seedsRuntime();
    const embedder = await createEmbedder({ model: 'builtin', builtinDir: folder, cacheDir: path.join(config.EMBEDDINGS_DIR, 'models'), allowRemote: false });
    const question = '售电公司注册需要多少资产？';
    const fast = await embedder.embedQuery(question);
    const [slow] = await embedder.embedDocuments([question]);
    expect(fast.length).toBe(slow?.length);
    fast.forEach((value, k) => expect(value).toBeCloseTo(slow?.[k] ?? NaN, 6));
  });

  it('should not take a tokenizer it does not reproduce (a pre-tokenizer, another model type)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'policy-qa-unigram-'));
    const tokenizer = JSON.parse(readFileSync(path.join(folder, 'tokenizer.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(dir, 'tokenizer_config.json'), readFileSync(path.join(folder, 'tokenizer_config.json')));
    for (const changed of [{ ...tokenizer, pre_tokenizer: { type: 'Whitespace' } }, { ...tokenizer, model: { type: 'WordPiece', vocab: {} } }]) {
      await writeFile(path.join(dir, 'tokenizer.json'), JSON.stringify(changed));
      expect(unigramEncoder(dir)).toBeNull();
    }
    await rm(dir, { recursive: true, force: true });
  });
});
