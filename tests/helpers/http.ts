/** Starts the real HTTP server on a free port of 127.0.0.1 over a given runtime. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Config } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import type { Runtime } from '../../src/runtime.ts';
import { type RunningServer, startServer } from '../../src/server/app.ts';

export async function serve(runtime: Runtime, config: Config, overrides: Partial<Config> = {}): Promise<RunningServer & { dataDir: string }> {
  const dataDir = overrides.DATA_DIR ?? (await mkdtemp(path.join(tmpdir(), 'policy-qa-data-')));
  const running = await startServer({ config: { ...config, PORT: 0, HOST: '127.0.0.1', ...overrides, DATA_DIR: dataDir }, runtime, log: createLogger('silent') });
  return { ...running, dataDir };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}
