import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { EmbedError } from './errors.ts';

/** Marks a folder as this project's built-in model (`policy_qa.kind` in its `config.json`). */
export const BUILTIN_MODEL_KIND = 'policy-qa-word-vectors';
/** Files a folder needs for `pipeline('feature-extraction', …, { quantized: false })`. */
const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'onnx/model.onnx'] as const;
/** `owner/name` as the Hugging Face hub spells model ids. */
const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;
/** bge's Chinese models were trained with this instruction before queries (and nothing before passages). */
const BGE_ZH_QUERY_INSTRUCTION = '为这个句子生成表示以用于检索相关文章：';

export type Pooling = 'mean' | 'cls';

/** Where a model comes from and how its outputs become one vector. */
export interface ModelSource {
  /** Stable name of the model, recorded with the vectors it made. */
  id: string;
  /** A folder on disk, or a hub id resolved against the cache (and the remote host when allowed). */
  location: { folder: string } | { hubId: string };
  pooling: Pooling;
  queryPrefix: string;
}

export interface ModelSourceOptions {
  model: string;
  builtinDir: string;
  cacheDir: string;
  allowRemote: boolean;
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** bge models are pooled by their [CLS] vector; the others this project meets are mean-pooled. */
function conventionsOf(name: string): Pick<ModelSource, 'pooling' | 'queryPrefix'> {
  const isBge = /bge/i.test(name);
  return { pooling: isBge ? 'cls' : 'mean', queryPrefix: isBge && /zh/i.test(name) ? BGE_ZH_QUERY_INSTRUCTION : '' };
}

function checkFolder(folder: string, hint: string): void {
  if (!isDirectory(folder)) {
    throw new EmbedError('MODEL_NOT_FOUND', `embedding model folder ${folder} does not exist: expected a transformers.js model folder (${REQUIRED_FILES.join(', ')})${hint}`);
  }
  const missing = REQUIRED_FILES.filter((file) => !existsSync(join(folder, file)));
  if (missing.length > 0) {
    throw new EmbedError('MODEL_INVALID', `embedding model folder ${folder} lacks ${missing.join(', ')}: expected a transformers.js model folder (${REQUIRED_FILES.join(', ')})${hint}`);
  }
}

function builtinSource(builtinDir: string): ModelSource {
  const folder = resolve(builtinDir);
  checkFolder(folder, '; the built-in model is built from the library, so build the index to make it');
  const config = JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')) as { policy_qa?: { kind?: string; libraryHash?: string } };
  if (config.policy_qa?.kind !== BUILTIN_MODEL_KIND || typeof config.policy_qa.libraryHash !== 'string') {
    throw new EmbedError('MODEL_INVALID', `${folder}/config.json does not describe a built-in model: expected "policy_qa.kind": "${BUILTIN_MODEL_KIND}" with a libraryHash`);
  }
  // The library hash in the id makes a model rebuilt from a changed library a different model for the index.
  return { id: `builtin@${config.policy_qa.libraryHash.slice(0, 12)}`, location: { folder }, pooling: 'mean', queryPrefix: '' };
}

/** Resolves `model` ('builtin', a folder, or a hub id) without touching the network. */
export function resolveModelSource(options: ModelSourceOptions): ModelSource {
  const { model } = options;
  if (model === 'builtin') return builtinSource(options.builtinDir);
  const looksLikePath = isAbsolute(model) || model.startsWith('.') || isDirectory(model);
  if (looksLikePath) {
    const folder = resolve(model);
    checkFolder(folder, '');
    return { id: folder, location: { folder }, ...conventionsOf(model) };
  }
  if (!HUB_ID.test(model)) {
    throw new EmbedError('MODEL_NAME_INVALID', `embedding model "${model}" is not understood: expected "builtin", a folder path, or a hub id such as "Xenova/bge-small-zh-v1.5"`);
  }
  // transformers.js caches a hub file at <cacheDir>/<hub id>/<file>.
  const cached = REQUIRED_FILES.every((file) => existsSync(join(options.cacheDir, model, file)));
  if (!cached && !options.allowRemote) {
    throw new EmbedError('REMOTE_DISABLED', `embedding model "${model}" is not in the cache ${options.cacheDir} and downloads are disabled: allow remote models, or use "builtin" or a local folder`);
  }
  return { id: model, location: { hubId: model }, ...conventionsOf(model) };
}
