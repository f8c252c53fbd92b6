/**
 * Starts the real server on a free port of 127.0.0.1 for a test: the runtime (library, indexes) and the
 * Express app, with a temporary data folder. `close()` stops the server and removes what it created.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { startRuntime, type Runtime } from '../../src/runtime.ts';
import { startServer } from '../../src/server/app.ts';

export interface TestServerOptions {
  /** Policy library folder; the real seeds by default. */
  libraryDir?: string;
  /** Where the built-in model and dense index live; the project's `embeddings/` by default (built once, reused). */
  embeddingsDir?: string;
  /** Skip the dense index entirely: search is lexical only and start-up takes a moment. */
  lexicalOnly?: boolean;
  /** Wait for the indexes before resolving (default true); false to test the "not ready" state. */
  waitUntilReady?: boolean;
  /** Any other environment variable, e.g. EMBED_ALLOWED_ORIGINS. */
  env?: Record<string, string>;
}

export interface TestServer {
  url: string;
  config: Readonly<Config>;
  runtime: Runtime;
  dataDir: string;
  close(): Promise<void>;
}

/** A model path that cannot exist, so the runtime falls back to lexical search at once. */
const NO_MODEL = path.join(tmpdir(), 'policy-qa-no-such-model');

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'policy-qa-data-'));
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    // Browser tests send many requests from one address; the limit is tested elsewhere.
    RATE_LIMIT_PER_MINUTE: '0',
    ALLOW_REMOTE_MODELS: 'false',
    ...(options.libraryDir ? { LIBRARY_DIR: options.libraryDir } : {}),
    ...(options.embeddingsDir ? { EMBEDDINGS_DIR: options.embeddingsDir } : {}),
    ...(options.lexicalOnly ? { EMBEDDING_MODEL: NO_MODEL } : {}),
    ...options.env,
  };
  const config = loadConfig(env);
  const log = createLogger(config.LOG_LEVEL);
  const runtime = startRuntime(config, log);
  if (options.waitUntilReady !== false) {
    await runtime.started;
    if (!runtime.status().ready) throw new Error(`test server did not become ready: ${runtime.status().error ?? 'unknown reason'}`);
  }
  const server = await startServer({ config, runtime, log });
  return {
    url: server.url,
    config,
    runtime,
    dataDir,
    async close() {
      await server.close();
      await runtime.started;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
