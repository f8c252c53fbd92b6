/** Load on a server in a child process, from this process, with autocannon; latencies kept whole for any percentile. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
}

/** One kind of request: each `next()` gives the path and, for a POST, the JSON body of the next request. */
export interface RequestKind {
  method: 'GET' | 'POST';
  next(): { path: string; body?: unknown };
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || address === null) throw new Error('no free port');
  return address.port;
}

const isReady = (url: string): Promise<boolean> =>
  fetch(url).then(async (response) => response.ok && ((await response.json()) as { ready?: boolean }).ready !== false).catch(() => false);

/** Starts `node args…`; `ready` settles when `readyUrl` answers `ready: true` (or any 2xx for the baseline). */
export function startChild(args: string[], env: Record<string, string>, readyUrl: string, timeoutMs = 900_000): { child: ChildProcess; ready: Promise<void> } {
  // The child needs this process's environment (PATH, HOME…) plus its own settings, which config.ts then validates.
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = (async () => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
      if (await isReady(readyUrl)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill();
    throw new Error(`${args.join(' ')} was not ready within ${timeoutMs} ms`);
  })();
  return { child, ready };
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/** The value below which `fraction` of the sorted values lie. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] as number;
}

/** `connections` clients send `kind`'s requests for `seconds`. */
export function load(name: string, baseUrl: string, kind: RequestKind, options: { connections: number; seconds: number }): Promise<LoadResult> {
  const latencies: number[] = [];
  const headers = kind.method === 'POST' ? { 'content-type': 'application/json' } : {};
  const request = {
    method: kind.method,
    headers,
    setupRequest: (base: autocannon.Request) => {
      const { path, body } = kind.next();
      return { ...base, path, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
    },
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url: baseUrl, connections: options.connections, duration: options.seconds, requests: [request] }, (error, result) => {
      if (error) return reject(error instanceof Error ? error : new Error(String(error)));
      latencies.sort((a, b) => a - b);
      resolve({
        name,
        connections: options.connections,
        requests: result.requests.total,
        requestsPerSecond: result.requests.total / (result.duration || options.seconds),
        p50: percentile(latencies, 0.5),
        p95: percentile(latencies, 0.95),
        p99: percentile(latencies, 0.99),
        errors: result.errors + result.timeouts + result.non2xx,
      });
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}
