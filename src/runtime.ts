/**
 * The heavy parts of the product, loaded once: the library, the lexical index, the embedding model and
 * the dense index. The server starts before they are ready and reports readiness; `close()` releases them.
 * The library changes while serving (files added, documents removed, the model rebuilt): each change is
 * written to disk, the indexes are brought up to date beside the ones serving, and one reference is
 * swapped, so a query sees the old library or the new one, never a mix. Changes and reloads of the
 * processes sharing EMBEDDINGS_DIR take turns under one lock file.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { removeAbandonedFolders } from './atomic-folder.ts';
import type { Config } from './config.ts';
import { AppError } from './errors.ts';
import type { DamagedFileError } from './integrity.ts';
import { BUILTIN_MODEL_FOLDER, ensureBuiltinModel } from './embed/builtin-model-store.ts';
import { createEmbedder, type Embedder } from './embed/embedder.ts';
import { addFile, removeDocument } from './library/changes.ts';
import { type Library, loadLibrary } from './library/library.ts';
import type { PolicyDocument } from './library/schema.ts';
import type { Logger } from './logger.ts';
import { embeddingText, openDenseIndex } from './search/dense-index.ts';
import { createLexicalIndex } from './search/lexical.ts';
import { openLexicalIndex } from './search/lexical-store.ts';
import { createSearcher, type Searcher } from './search/searcher.ts';
import type { VectorStore } from './search/vector-store.ts';
import { type Answerer, createAnswerer } from './answer/answerer.ts';
import type { LlmBackend } from './answer/llm.ts';
import { needsBuild, seedPassages } from './offline-build.ts';

export interface RuntimeStatus {
  ready: boolean;
  /** What start-up is doing (`loading the library`, `building: built-in model: svd (3/6)`, `embedding chunks 640/3274`, …), `ready`, or `failed`. */
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
  /** Keeps a file in the library and serves its documents; LibraryChangeError when it holds none. */
  addFile(filename: string, bytes: Uint8Array): Promise<PolicyDocument[]>;
  /** Removes a document for good and stops serving it. */
  removeDocument(id: string): Promise<PolicyDocument>;
  /** Remakes the built-in model from the whole library, then every dense vector. */
  rebuild(): Promise<void>;
  /** Serves the library and indexes as another process left them on disk. */
  reload(): Promise<void>;
  /** Releases the indexes and the model. */
  close(): void;
}

export interface RuntimeOptions {
  /** Builds whatever is stale elsewhere (a child process), reporting its stages; the runtime then loads it. */
  buildElsewhere?: (onStage: (stage: string) => void, signal: AbortSignal) => Promise<void>;
  /** Each stage of start-up as it begins. */
  onStage?: (stage: string) => void;
  /** Called after a change of this process is on disk and served, so the other processes can reload. */
  onChange?: () => void;
}

const BUILTIN = 'builtin';
/** A holder that stops updating its lock for this long (a crash) loses it. */
const LOCK_STALE_MS = 30_000;

/** The LLM back end when LLM_BASE_URL and LLM_MODEL are both set; LangChain loads only then (half a second). */
async function createLlm(config: Config): Promise<LlmBackend | undefined> {
  if (!config.LLM_BASE_URL || !config.LLM_MODEL) return undefined;
  const { createLlmBackend } = await import('./answer/llm.ts');
  return createLlmBackend({ baseUrl: config.LLM_BASE_URL, model: config.LLM_MODEL, timeoutMs: config.LLM_TIMEOUT_MS, ...(config.LLM_API_KEY ? { apiKey: config.LLM_API_KEY } : {}) });
}

/** Everything one version of the library is served with; replaced as a whole. */
interface Served {
  library: Library;
  searcher: Searcher;
  answerer: Answerer;
  model: string | null;
  denseError?: string;
}

export function startRuntime(config: Config, log: Logger, options: RuntimeOptions = {}): Runtime {
  let stage = 'starting';
  const setStage = (next: string) => {
    stage = next;
    options.onStage?.(next);
  };
  const closing = new AbortController();
  // Never served, never fatal: the part is rebuilt, and the log names the file.
  const onDamaged = (error: DamagedFileError) => log.warn({ file: error.file }, `${error.message}; rebuilding it`);
  let served: Served | null = null;
  let loadingLibrary: Library | null = null;
  let startError: string | undefined;
  let closed = false;
  const pendingLlm = createLlm(config);
  // Settled when an answerer is made; a rejection meanwhile must not go unhandled.
  pendingLlm.catch(() => undefined);

  /** The dense half: the model (built first if need be) and the index, or the reason it is missing. */
  async function openDense(loaded: Library, rebuildModel: boolean): Promise<{ embedder: Embedder; store: VectorStore } | { error: string }> {
    try {
      if (config.EMBEDDING_MODEL === BUILTIN) {
        const built = await ensureBuiltinModel({
          embeddingsDir: config.EMBEDDINGS_DIR,
          passages: seedPassages(loaded),
          ...(rebuildModel ? { learnFrom: loaded.chunks.map(embeddingText), force: true } : {}),
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
          if (tenth !== lastTenth && total > 100) log.info(`embedding chunks: ${done}/${total}`);
          lastTenth = tenth;
        },
      });
      const how = index.built ? 'dense index built' : index.added + index.deleted > 0 ? 'dense index updated' : 'dense index loaded';
      log.info({ model: embedder.id, dimension: index.manifest.dimension, added: index.added, deleted: index.deleted }, how);
      return { embedder, store: index.store };
    } catch (error) {
      // Lexical search still answers well: serve it rather than nothing, and say why in health.
      log.error({ err: error }, 'dense retrieval unavailable, serving lexical search only');
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The library as it is on disk, with indexes brought up to date; nothing served changes here. */
  async function load(previous: Library | undefined, rebuildModel = false): Promise<Served | null> {
    const began = performance.now();
    const library = await loadLibrary(config.LIBRARY_DIR, undefined, previous ? { previous } : {});
    log.info({ documents: library.documents.length, chunks: library.chunks.length }, 'library parsed');
    if (!previous) {
      loadingLibrary = library;
      for (const warning of library.warnings) log.warn(warning);
      if (options.buildElsewhere && (await needsBuild(config, library))) {
        setStage('building');
        log.info('building the model and indexes in a child process');
        // Failing there, the parts are built here below, as without a child.
        await options.buildElsewhere((step) => setStage(`building: ${step}`), closing.signal).catch((error: unknown) => log.error({ err: error }, 'the build process failed'));
        if (closing.signal.aborted) return null;
      }
      setStage('loading the indexes');
    }
    const pendingDense = openDense(library, rebuildModel);
    const lexical = await openLexicalIndex({ dir: path.join(config.EMBEDDINGS_DIR, 'lexical'), chunks: library.chunks, documents: library.documents, libraryHash: library.hash, onDamaged })
      .then(({ index, built, updated }) => (log.info(built ? 'lexical index built' : updated ? 'lexical index updated' : 'lexical index loaded'), index))
      .catch((error: unknown) => {
        // A read-only embeddings folder costs a second at each start, nothing more.
        log.warn({ err: error }, 'could not persist the lexical index; built it in memory');
        return createLexicalIndex(library.chunks, library.documents);
      });
    const dense = await pendingDense;
    const searcher = createSearcher({ chunks: library.chunks, documents: library.documents, lexical, dense: 'error' in dense ? undefined : dense, denseWeight: config.DENSE_WEIGHT });
    const answerer = createAnswerer({ searcher, llm: await pendingLlm, log });
    log.info({ ms: Math.round(performance.now() - began) }, 'ready');
    return { library, searcher, answerer, model: 'error' in dense ? null : dense.embedder.id, ...('error' in dense ? { denseError: dense.error } : {}) };
  }

  // One change or reload at a time in this process; the lock file makes the processes take turns.
  let queue: Promise<unknown> = Promise.resolve();
  function exclusively<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(async () => {
      await started;
      if (!served) throw new AppError('NOT_READY');
      await mkdir(config.EMBEDDINGS_DIR, { recursive: true });
      const release = await lockfile.lock(config.EMBEDDINGS_DIR, {
        lockfilePath: path.join(config.EMBEDDINGS_DIR, 'update.lock'),
        stale: LOCK_STALE_MS,
        retries: { retries: 600, minTimeout: 50, maxTimeout: 500 },
        onCompromised: (error) => log.warn({ err: error }, 'the library lock was taken over (this process was stalled)'),
      });
      try {
        return await work();
      } finally {
        await release().catch(() => undefined);
      }
    });
    queue = run.catch(() => undefined);
    return run;
  }

  /** Makes `served` the library on disk now; a change of this process tells the others. */
  async function swapIn(rebuildModel = false): Promise<void> {
    const next = await load(served?.library, rebuildModel);
    if (next && !closed) served = next;
  }

  async function change<T>(work: (library: Library) => Promise<T>): Promise<T> {
    const result = await exclusively(async () => {
      // Another process may have changed the library since this one loaded it.
      const outcome = await work(await loadLibrary(config.LIBRARY_DIR, undefined, served ? { previous: served.library } : {}));
      await swapIn();
      return outcome;
    });
    options.onChange?.();
    return result;
  }

  const started = (async () => {
    for (const folder of await removeAbandonedFolders(config.EMBEDDINGS_DIR)) log.warn({ folder }, 'removed the temporary folder of an interrupted build');
    setStage('loading the library');
    const first = await load(undefined);
    if (!first || closed) return;
    served = first;
    setStage('ready');
  })().then(
    () => undefined,
    (error: unknown) => {
      setStage('failed');
      startError = error instanceof Error ? error.message : String(error);
      log.error({ err: error }, 'start-up failed');
    },
  );

  const current = (): Served => {
    if (!served) throw new AppError('NOT_READY');
    return served;
  };

  return {
    started,
    status: () => {
      const error = startError ?? served?.denseError;
      return { ready: served !== null, stage, chunks: (served?.library ?? loadingLibrary)?.chunks.length ?? 0, model: served?.model ?? null, ...(error ? { error } : {}) };
    },
    close: () => {
      // Drops the indexes and the model so the process can exit; requests after this get NOT_READY.
      closed = true;
      closing.abort();
      served = null;
    },
    library: () => {
      const library = served?.library ?? loadingLibrary;
      if (!library) throw new AppError('NOT_READY', 'The policy library is still being loaded');
      return library;
    },
    searcher: () => current().searcher,
    answerer: () => current().answerer,
    async addFile(filename, bytes) {
      return (await change(() => addFile(config.LIBRARY_DIR, filename, bytes))).documents;
    },
    removeDocument: (id) => change((library) => removeDocument(config.LIBRARY_DIR, library, id)),
    async rebuild() {
      await exclusively(() => swapIn(true));
      options.onChange?.();
    },
    async reload() {
      await exclusively(() => swapIn());
    },
  };
}
