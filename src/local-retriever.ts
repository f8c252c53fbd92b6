/**
 * The in-process retriever with its set-up done: loads (or builds, the first time) the library's
 * indexes exactly as the server does, from the same environment variables or the options given.
 */
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startRuntime } from './runtime.ts';
import { PolicyRetriever } from './search/langchain-retriever.ts';
import type { RetrieverKind, SearchFilters } from './search/searcher.ts';

export interface LocalRetrieverOptions {
  /** The policy library folder (default: `LIBRARY_DIR`, else the package's seeds). */
  libraryDir?: string;
  /** Where the built model and indexes are kept (default: `EMBEDDINGS_DIR`, else the package's embeddings/). */
  embeddingsDir?: string;
  k?: number;
  filters?: SearchFilters;
  retriever?: RetrieverKind;
  /** Log level of the set-up (default `warn`), on stderr. */
  logLevel?: string;
}

export interface LocalRetriever extends PolicyRetriever {
  /** Releases the indexes and the model. */
  close(): void;
}

/** Resolves once the indexes are ready; rejects with the reason when they cannot be. */
export async function openLocalRetriever(options: LocalRetrieverOptions = {}): Promise<LocalRetriever> {
  const config = loadConfig({
    ...process.env,
    ...(options.libraryDir ? { LIBRARY_DIR: options.libraryDir } : {}),
    ...(options.embeddingsDir ? { EMBEDDINGS_DIR: options.embeddingsDir } : {}),
  });
  const runtime = startRuntime(config, createLogger(options.logLevel ?? 'warn', 'stderr'));
  await runtime.started;
  const status = runtime.status();
  if (!status.ready) throw new Error(`policy-qa could not open the library ${config.LIBRARY_DIR}: ${status.error ?? 'not ready'}`);
  const retriever = new PolicyRetriever({
    searcher: runtime.searcher(),
    ...(options.k === undefined ? {} : { k: options.k }),
    ...(options.filters ? { filters: options.filters } : {}),
    ...(options.retriever ? { retriever: options.retriever } : {}),
  });
  return Object.assign(retriever, { close: () => runtime.close() });
}
