/**
 * The first build (built-in model, dense and lexical indexes) off the serving process's event loop: a
 * `policy-qa build` child process does it and reports its stages, while the server answers `/api/health`
 * and the page; the server then loads what the child wrote. A restart with everything current and intact
 * never starts the child.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { CONFIG_KEYS, PROJECT_ROOT, type Config } from './config.ts';
import { BUILTIN_MODEL_FOLDER, builtinModelCurrent } from './embed/builtin-model-store.ts';
import { resolveModelSource } from './embed/model-source.ts';
import { isUpload, type Library } from './library/library.ts';
import { denseIndexCurrent, embeddingText } from './search/dense-index.ts';
import { lexicalIndexCurrent } from './search/lexical-store.ts';

// The command, not a module beside this one: compiled, this file is in dist/, the command is not.
const CLI = path.join(PROJECT_ROOT, 'src', 'cli', 'policy-qa.mjs');

/** A message from the build child. */
export interface BuildMessage {
  type: 'policy-qa:build-stage';
  stage: string;
}

/** The passages the built-in model is keyed on: the seed files' (uploads and removals leave the model as it is). */
export function seedPassages(library: Library): string[] {
  return [...library.sources].filter(([file]) => !isUpload(file)).flatMap(([, source]) => source.chunks.map(embeddingText));
}

/** True when starting the runtime would build something: a stale, missing or damaged model or index. */
export async function needsBuild(config: Config, library: Library): Promise<boolean> {
  const lexical = { dir: path.join(config.EMBEDDINGS_DIR, 'lexical'), chunks: library.chunks, documents: library.documents, libraryHash: library.hash };
  if (!(await lexicalIndexCurrent(lexical))) return true;
  if (config.EMBEDDING_MODEL === 'builtin' && !(await builtinModelCurrent(config.EMBEDDINGS_DIR, seedPassages(library)))) return true;
  let model: string;
  try {
    model = resolveModelSource({ model: config.EMBEDDING_MODEL, builtinDir: path.join(config.EMBEDDINGS_DIR, BUILTIN_MODEL_FOLDER), cacheDir: path.join(config.EMBEDDINGS_DIR, 'models'), allowRemote: config.ALLOW_REMOTE_MODELS }).id;
  } catch {
    // A model that cannot be resolved fails the same way wherever it is tried, and fast: no child for it.
    return false;
  }
  return !(await denseIndexCurrent({ dir: path.join(config.EMBEDDINGS_DIR, 'index'), chunks: library.chunks, model }));
}

/** The configuration as environment variables, so the child builds exactly what this process will load. */
function environmentOf(config: Config): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of CONFIG_KEYS) {
    const value = config[key];
    if (value !== undefined) env[key] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return env;
}

/** Runs `policy-qa build` to completion; `signal` ends it (a shutdown mid-build). */
export function buildInChild(config: Config, onStage: (stage: string) => void, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(CLI, ['build'], { env: { ...process.env, ...environmentOf(config) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], signal, killSignal: 'SIGKILL' });
    child.on('message', (message: Partial<BuildMessage>) => {
      if (message.type === 'policy-qa:build-stage' && typeof message.stage === 'string') onStage(message.stage);
    });
    child.once('error', reject);
    child.once('exit', (code, killed) => (code === 0 ? resolve() : reject(new Error(`the build process exited with ${code ?? killed}`))));
  });
}
