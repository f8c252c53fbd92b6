/** Load on POST /api/ask from this process, against a server in a child process, with autocannon. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || address === null) throw new Error('no free port');
  return address.port;
}

/** Starts `node args…` and waits until `url` answers `ready: true` on /api/health (or any 2xx for the baseline). */
export async function startChild(args: string[], env: Record<string, string>, readyUrl: string, timeoutMs = 180_000): Promise<ChildProcess> {
  // The child needs this process's environment (PATH, HOME…) plus its own settings, which config.ts then validates.
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    const ready = await fetch(readyUrl).then(async (response) => response.ok && ((await response.json()) as { ready?: boolean }).ready !== false).catch(() => false);
    if (ready) return child;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill();
  throw new Error(`${args.join(' ')} was not ready within ${timeoutMs} ms`);
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/**
 * Loads POST /api/ask with the questions in turn. `unique` makes every request's question new (a serial
 * number appended) so that no cache can answer it.
 */
export async function loadAsk(name: string, baseUrl: string, questions: readonly string[], options: { connections: number; seconds: number; unique?: boolean }): Promise<LoadResult> {
  let serial = 0;
  const post = { method: 'POST' as const, path: '/api/ask', headers: { 'content-type': 'application/json' } };
  const requests = options.unique
    ? [{ ...post, setupRequest: (request: autocannon.Request) => ({ ...request, body: JSON.stringify({ question: `${questions[serial % questions.length]}（${serial++}）` }) }) }]
    : questions.map((question) => ({ ...post, body: JSON.stringify({ question }) }));
  const result = await autocannon({ url: `${baseUrl}/api/ask`, connections: options.connections, duration: options.seconds, requests });
  return { name, requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}
