/**
 * The heavy parts of the product, loaded once: the library, the lexical index, the embedding model and
 * the dense index. The server starts before they are ready and reports readiness; `close()` releases them.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from './config.ts';
import { AppError } from './errors.ts';
import { buildBuiltinModel } from './embed/builtin-model.ts';
import { createEmbedder } from './embed/embedder.ts';
import { type Library, loadLibrary } from './library/library.ts';
import type { Logger } from './logger.ts';
import { embeddingText, openDenseIndex } from './search/dense-index.ts';
import { createLexicalIndex } from './search/lexical.ts';
import { createSearcher, type Searcher } from './search/searcher.ts';
import { type Answerer, createAnswerer } from './answer/answerer.ts';
import { createLlmBackend, type LlmBackend } from './answer/llm.ts';

export interface RuntimeStatus {
  ready: boolean;
  chunks: number;
  model: string | null;
  /** Why the dense index is missing, when it is. */
  error?: string;
}

export interface Runtime {
  status(): RuntimeStatus;
  /** The parsed library; throws NOT_READY before it is loaded. */
  library(): Library;
  /** The searcher; throws NOT_READY before every index is loaded. */
  searcher(): Searcher;
  /** The answerer over the searcher; throws NOT_READY before every index is loaded. */
  answerer(): Answerer;
  /** Settles when start-up is over (ready, or failed with the reason logged). */
  readonly started: Promise<void>;
}

const BuiltinStampSchema = z.object({ libraryHash: z.string(), dimension: z.number().int(), vocabSize: z.number().int(), builtAt: z.string() });
const BUILTIN = 'builtin';

/** Builds the built-in model when the library changed since the last build. */
async function ensureBuiltinModel(config: Config, library: Library, log: Logger): Promise<void> {
  const dir = path.join(config.EMBEDDINGS_DIR, 'builtin-model');
  const stampFile = path.join(config.EMBEDDINGS_DIR, 'builtin-model.json');
  const stamp = await readFile(stampFile, 'utf8').then((text) => BuiltinStampSchema.parse(JSON.parse(text))).catch(() => null);
  if (stamp?.libraryHash === library.hash) return;
  log.info('building the built-in embedding model from the library');
  const built = await buildBuiltinModel({
    passages: library.chunks.map(embeddingText),
    outDir: dir,
    onProgress: (done, total, stage) => log.info({ stage }, `built-in model: ${stage} (${done + 1}/${total})`),
  });
  await mkdir(config.EMBEDDINGS_DIR, { recursive: true });
  await writeFile(stampFile, JSON.stringify({ libraryHash: library.hash, dimension: built.dimension, vocabSize: built.vocabSize, builtAt: new Date().toISOString() }));
  log.info({ ms: Math.round(built.ms), vocabSize: built.vocabSize, dimension: built.dimension }, 'built-in model ready');
}

/** The LLM back end when LLM_BASE_URL and LLM_MODEL are both set. */
function createLlm(config: Config): LlmBackend | undefined {
  if (!config.LLM_BASE_URL || !config.LLM_MODEL) return undefined;
  return createLlmBackend({ baseUrl: config.LLM_BASE_URL, model: config.LLM_MODEL, timeoutMs: config.LLM_TIMEOUT_MS, ...(config.LLM_API_KEY ? { apiKey: config.LLM_API_KEY } : {}) });
}

export function startRuntime(config: Config, log: Logger): Runtime {
  let library: Library | null = null;
  let searcher: Searcher | null = null;
  let answerer: Answerer | null = null;
  let model: string | null = null;
  let denseError: string | undefined;

  async function start(): Promise<void> {
    const began = performance.now();
    library = await loadLibrary(config.LIBRARY_DIR);
    for (const warning of library.warnings) log.warn(warning);
    log.info({ documents: library.documents.length, chunks: library.chunks.length }, 'library parsed');
    const lexical = createLexicalIndex(library.chunks, library.documents);
    let dense;
    try {
      if (config.EMBEDDING_MODEL === BUILTIN) await ensureBuiltinModel(config, library, log);
      const embedder = await createEmbedder({
        model: config.EMBEDDING_MODEL,
        builtinDir: path.join(config.EMBEDDINGS_DIR, 'builtin-model'),
        cacheDir: path.join(config.EMBEDDINGS_DIR, 'models'),
        allowRemote: config.ALLOW_REMOTE_MODELS,
        ...(config.HF_ENDPOINT ? { remoteHost: config.HF_ENDPOINT } : {}),
      });
      let lastTenth = -1;
      const index = await openDenseIndex({
        dir: path.join(config.EMBEDDINGS_DIR, 'index'),
        chunks: library.chunks,
        libraryHash: library.hash,
        embedder,
        onProgress: (done, total) => {
          const tenth = Math.floor((done / total) * 10);
          if (tenth !== lastTenth) log.info(`embedding chunks: ${done}/${total}`);
          lastTenth = tenth;
        },
      });
      log.info({ built: index.built, model: embedder.id, dimension: index.manifest.dimension }, index.built ? 'dense index built' : 'dense index loaded');
      dense = { embedder, store: index.store };
      model = embedder.id;
    } catch (error) {
      // Lexical search still answers well: serve it rather than nothing, and say why in health.
      denseError = error instanceof Error ? error.message : String(error);
      log.error({ err: error }, 'dense retrieval unavailable, serving lexical search only');
    }
    const ready = createSearcher({ chunks: library.chunks, documents: library.documents, lexical, dense, denseWeight: config.DENSE_WEIGHT });
    answerer = createAnswerer({ searcher: ready, llm: createLlm(config), log });
    searcher = ready;
    log.info({ ms: Math.round(performance.now() - began) }, 'ready');
  }

  const started = start().catch((error: unknown) => {
    denseError = error instanceof Error ? error.message : String(error);
    log.error({ err: error }, 'start-up failed');
  });

  return {
    started,
    status: () => ({ ready: searcher !== null, chunks: library?.chunks.length ?? 0, model, ...(denseError ? { error: denseError } : {}) }),
    library: () => {
      if (!library) throw new AppError('NOT_READY', 'The policy library is still being loaded');
      return library;
    },
    searcher: () => {
      if (!searcher) throw new AppError('NOT_READY');
      return searcher;
    },
    answerer: () => {
      if (!answerer) throw new AppError('NOT_READY');
      return answerer;
    },
  };
}
