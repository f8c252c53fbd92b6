import { statSync } from 'node:fs';
import { join } from 'node:path';
import { env, pipeline, Tensor, type FeatureExtractionPipeline } from '@xenova/transformers';
import { EmbedError } from './errors.ts';
import { resolveModelSource, type ModelSource, type ModelSourceOptions, type Pooling } from './model-source.ts';
import { poolAndNormalize, type TensorData } from './pooling.ts';
import { unigramEncoder } from './unigram-encoder.ts';

export interface Embedder {
  readonly id: string;
  readonly dimension: number;
  embedDocuments(texts: string[]): Promise<Float32Array[]>;
  embedQuery(text: string): Promise<Float32Array>;
}

export interface EmbedderOptions extends ModelSourceOptions {
  /** Hugging Face endpoint or mirror (what HF_ENDPOINT names); the hub itself when absent. */
  remoteHost?: string;
}

const DEFAULT_REMOTE_HOST = 'https://huggingface.co/';
/** Texts per pipeline call: large enough to amortize the call, small enough to bound padding. */
const BATCH_SIZE = 64;

/** One pipeline per model (location and version), shared by every embedder of the process; a failed load is forgotten. */
const pipelines = new Map<string, Promise<FeatureExtractionPipeline>>();

function loadPipeline(source: ModelSource, options: EmbedderOptions): Promise<FeatureExtractionPipeline> {
  // A folder's model file time is in the key: a model rebuilt in place (the library changed) is loaded anew.
  const key = 'folder' in source.location
    ? `folder:${source.location.folder}@${statSync(join(source.location.folder, 'onnx/model.onnx')).mtimeMs}`
    : `hub:${source.location.hubId}`;
  const known = pipelines.get(key);
  if (known) return known;
  // transformers.js reads these from its global env while it loads; they are the same for every load here
  // except the remote host, which one process takes from its one configuration.
  env.localModelPath = '/';
  env.allowLocalModels = true;
  env.allowRemoteModels = options.allowRemote;
  env.remoteHost = (options.remoteHost ?? DEFAULT_REMOTE_HOST).replace(/\/?$/, '/');
  const modelName = 'folder' in source.location ? source.location.folder.replace(/^\/+/, '') : source.location.hubId;
  const loading = pipeline('feature-extraction', modelName, {
    quantized: false,
    cache_dir: options.cacheDir,
    local_files_only: 'folder' in source.location || !options.allowRemote,
  }).catch((cause: unknown) => {
    pipelines.delete(key);
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new EmbedError('MODEL_LOAD_FAILED', `cannot load embedding model ${source.id}: ${reason}`, { cause });
  });
  pipelines.set(key, loading);
  return loading;
}

interface ModelInputs {
  input_ids: TensorData<BigInt64Array>;
  attention_mask: TensorData<BigInt64Array>;
}

/** The pipeline's model on its inputs, pooled by `poolAndNormalize`, which is several times faster than the pipeline's. */
async function embedInputs(extract: FeatureExtractionPipeline, inputs: ModelInputs, pooling: Pooling): Promise<Float32Array[]> {
  const outputs = (await extract.model(inputs)) as { last_hidden_state: TensorData<Float32Array> };
  return poolAndNormalize(outputs.last_hidden_state, inputs.attention_mask, pooling);
}

/** The feature-extraction pipeline's own steps: its tokenizer with padding and truncation, then its model. */
function embedBatch(extract: FeatureExtractionPipeline, texts: string[], pooling: Pooling): Promise<Float32Array[]> {
  return embedInputs(extract, extract.tokenizer(texts, { padding: true, truncation: true }) as ModelInputs, pooling);
}

/** One text's vector from input ids already made (unigram-encoder.ts), through the pipeline's model. */
async function embedIds(extract: FeatureExtractionPipeline, ids: readonly number[], pooling: Pooling): Promise<Float32Array> {
  const shape = [1, ids.length];
  const inputs = { input_ids: new Tensor('int64', BigInt64Array.from(ids, BigInt), shape), attention_mask: new Tensor('int64', new BigInt64Array(ids.length).fill(1n), shape) };
  const [vector] = await embedInputs(extract, inputs as ModelInputs, pooling);
  return vector as Float32Array;
}

/**
 * Creates an embedder over transformers.js' feature-extraction pipeline: `model` is 'builtin' (the folder
 * `builtinDir` built from the library), a local model folder, or a hub id (downloaded only if `allowRemote`).
 */
export async function createEmbedder(options: EmbedderOptions): Promise<Embedder> {
  const source = resolveModelSource(options);
  const extract = await loadPipeline(source, options);

  async function embedDocuments(texts: string[]): Promise<Float32Array[]> {
    // Batches of similar lengths waste little on padding; results go back in the callers' order.
    const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
    const vectors = new Array<Float32Array>(texts.length);
    for (let start = 0; start < order.length; start += BATCH_SIZE) {
      const batch = order.slice(start, start + BATCH_SIZE);
      const embedded = await embedBatch(extract, batch.map((i) => texts[i]!), source.pooling);
      batch.forEach((index, n) => (vectors[index] = embedded[n]!));
    }
    return vectors;
  }

  // Queries come one by one and new: the built-in model's tokenizer is run as one Viterbi pass instead.
  const encoder = 'folder' in source.location ? unigramEncoder(source.location.folder) : null;
  const [probe] = await embedBatch(extract, ['模型'], source.pooling);
  return Object.freeze({
    id: source.id,
    dimension: probe!.length,
    embedDocuments,
    async embedQuery(text: string): Promise<Float32Array> {
      const query = source.queryPrefix + text;
      const ids = encoder?.encode(query);
      if (ids && ids.length > 0) return embedIds(extract, ids, source.pooling);
      const [vector] = await embedBatch(extract, [query], source.pooling);
      return vector!;
    },
  });
}
