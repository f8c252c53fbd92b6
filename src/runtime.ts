/**
 * The heavy parts of the product, loaded once: the library, the lexical index, the embedding model and
 * the dense index. The server starts before they are ready and reports readiness; `close()` releases them.
 */
import path from 'node:path';
import { removeAbandonedFolders } from './atomic-folder.ts';
import type { Config } from './config.ts';
import { AppError } from './errors.ts';
import type { DamagedFileError } from './integrity.ts';
import { BUILTIN_MODEL_FOLDER, ensureBuiltinModel } from './embed/builtin-model-store.ts';
import { createEmbedder, type Embedder } from './embed/embedder.ts';
import { type Library, loadLibrary } from './library/library.ts';
import type { Logger } from './logger.ts';
import { embeddingText, openDenseIndex } from './search/dense-index.ts';
import { createLexicalIndex } from './search/lexical.ts';
import { openLexicalIndex } from './search/lexical-store.ts';
import { createSearcher, type Searcher } from './search/searcher.ts';
import type { VectorStore } from './search/vector-store.ts';
import { type Answerer, createAnswerer } from './answer/answerer.ts';
import type { LlmBackend } from './answer/llm.ts';
import { needsBuild } from './offline-build.ts';

export interface RuntimeStatus {
  ready: boolean;
  /** What start-up is doing (`loading the library`, `built-in model: svd (3/6)`, `embedding chunks 640/3274`, …), `ready`, or `failed`. */
  stage: string;
  chunks: number;
  model: string | null;
  /** Why start-up failed, or why dense retrieval is missing. */
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
  /** Settles when start-up is over (ready, or failed with the reason in `status().error`). */
  readonly started: Promise<void>;
  /** Releases the indexes and the model. */
  close(): void;
}

export interface RuntimeOptions {
  /** Builds whatever is stale elsewhere (a child process), reporting its stages; the runtime then loads it. */
  buildElsewhere?: (onStage: (stage: string) => void, signal: AbortSignal) => Promise<void>;
  /** Each stage of start-up as it begins. */
  onStage?: (stage: string) => void;
}

const BUILTIN = 'builtin';

/** The LLM back end when LLM_BASE_URL and LLM_MODEL are both set; LangChain loads only then (half a second). */
async function createLlm(config: Config): Promise<LlmBackend | undefined> {
  if (!config.LLM_BASE_URL || !config.LLM_MODEL) return undefined;
  const { createLlmBackend } = await import('./answer/llm.ts');
  return createLlmBackend({ baseUrl: config.LLM_BASE_URL, model: config.LLM_MODEL, timeoutMs: config.LLM_TIMEOUT_MS, ...(config.LLM_API_KEY ? { apiKey: config.LLM_API_KEY } : {}) });
}

export function startRuntime(config: Config, log: Logger, options: RuntimeOptions = {}): Runtime {
  let stage = 'starting';
  const setStage = (next: string) => {
    stage = next;
    options.onStage?.(next);
  };
  const closing = new AbortController();
  let library: Library | null = null;
  let searcher: Searcher | null = null;
  let answerer: Answerer | null = null;
  let model: string | null = null;
  let denseError: string | undefined;
  let startError: string | undefined;
  // Never served, never fatal: the part is rebuilt, and the log names the file.
  const onDamaged = (error: DamagedFileError) => log.warn({ file: error.file }, `${error.message}; rebuilding it`);

  /** The dense half: the model (built first if need be) and the index, or null with the reason logged. */
  async function openDense(loaded: Library): Promise<{ embedder: Embedder; store: VectorStore } | undefined> {
    try {
      if (config.EMBEDDING_MODEL === BUILTIN) {
        const built = await ensureBuiltinModel({
          embeddingsDir: config.EMBEDDINGS_DIR,
          passages: loaded.chunks.map(embeddingText),
          libraryHash: loaded.hash,
          onDamaged,
          onStage: (step, done, total) => {
            setStage(`built-in model: ${step} (${done + 1}/${total})`);
            log.info({ stage: step }, stage);
          },
        });
        if (built) log.info({ ms: Math.round(built.ms), vocabSize: built.vocabSize, dimension: built.dimension }, 'built-in model built');
      }
      const embedder = await createEmbedder({
        model: config.EMBEDDING_MODEL,
        builtinDir: path.join(config.EMBEDDINGS_DIR, BUILTIN_MODEL_FOLDER),
        cacheDir: path.join(config.EMBEDDINGS_DIR, 'models'),
        allowRemote: config.ALLOW_REMOTE_MODELS,
        ...(config.HF_ENDPOINT ? { remoteHost: config.HF_ENDPOINT } : {}),
      });
      let lastTenth = -1;
      const index = await openDenseIndex({
        dir: path.join(config.EMBEDDINGS_DIR, 'index'),
        chunks: loaded.chunks,
        libraryHash: loaded.hash,
        embedder,
        onDamaged,
        onProgress: (done, total) => {
          const tenth = Math.floor((done / total) * 10);
          setStage(`embedding chunks ${done}/${total}`);
          if (tenth !== lastTenth) log.info(`embedding chunks: ${done}/${total}`);
          lastTenth = tenth;
        },
      });
      log.info({ built: index.built, model: embedder.id, dimension: index.manifest.dimension }, index.built ? 'dense index built' : 'dense index loaded');
      model = embedder.id;
      return { embedder, store: index.store };
    } catch (error) {
      // Lexical search still answers well: serve it rather than nothing, and say why in health.
      denseError = error instanceof Error ? error.message : String(error);
      log.error({ err: error }, 'dense retrieval unavailable, serving lexical search only');
      return undefined;
    }
  }

  async function start(): Promise<void> {
    const began = performance.now();
    for (const folder of await removeAbandonedFolders(config.EMBEDDINGS_DIR)) log.warn({ folder }, 'removed the temporary folder of an interrupted build');
    setStage('loading the library');
    const loaded = await loadLibrary(config.LIBRARY_DIR);
    library = loaded;
    for (const warning of loaded.warnings) log.warn(warning);
    log.info({ documents: loaded.documents.length, chunks: loaded.chunks.length }, 'library parsed');
    if (options.buildElsewhere && (await needsBuild(config, loaded))) {
      setStage('building');
      log.info('building the model and indexes in a child process');
      // Failing there, the parts are built here below, as without a child.
      await options.buildElsewhere(setStage, closing.signal).catch((error: unknown) => log.error({ err: error }, 'the build process failed'));
      if (closing.signal.aborted) return;
    }
    setStage('loading the indexes');
    const [pendingDense, pendingLlm] = [openDense(loaded), createLlm(config)];
    // Settled together below; a rejection meanwhile must not go unhandled.
    pendingLlm.catch(() => undefined);
    const lexical = await openLexicalIndex({ dir: path.join(config.EMBEDDINGS_DIR, 'lexical'), chunks: loaded.chunks, documents: loaded.documents, libraryHash: loaded.hash, onDamaged })
      .then(({ index, built }) => (log.info(built ? 'lexical index built' : 'lexical index loaded'), index))
      .catch((error: unknown) => {
        // A read-only embeddings folder costs a second at each start, nothing more.
        log.warn({ err: error }, 'could not persist the lexical index; built it in memory');
        return createLexicalIndex(loaded.chunks, loaded.documents);
      });
    const ready = createSearcher({ chunks: loaded.chunks, documents: loaded.documents, lexical, dense: await pendingDense, denseWeight: config.DENSE_WEIGHT });
    answerer = createAnswerer({ searcher: ready, llm: await pendingLlm, log });
    searcher = ready;
    setStage('ready');
    log.info({ ms: Math.round(performance.now() - began) }, 'ready');
  }

  const started = start().catch((error: unknown) => {
    setStage('failed');
    startError = error instanceof Error ? error.message : String(error);
    log.error({ err: error }, 'start-up failed');
  });

  return {
    started,
    status: () => {
      const error = startError ?? denseError;
      return { ready: searcher !== null, stage, chunks: library?.chunks.length ?? 0, model, ...(error ? { error } : {}) };
    },
    close: () => {
      // Drops the indexes and the model so the process can exit; requests after this get NOT_READY.
      closing.abort();
      searcher = null;
      answerer = null;
    },
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
