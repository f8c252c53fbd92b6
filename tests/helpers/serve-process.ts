/**
 * `policy-qa serve` as a real process tree (primary and workers) on a free port of 127.0.0.1, for the
 * shutdown and start-up tests: its JSON log lines are collected, its exit awaited.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli/policy-qa.mjs', import.meta.url));

export interface LogLine {
  msg: string;
  pid: number;
  [field: string]: unknown;
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  lines: LogLine[];
  /** Everything the process wrote to stderr. */
  stderr(): string;
  /** Settles with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Waits for a log line `msg` until `count` of them were written (workers each log their own). */
  waitForLog(msg: string | RegExp, count?: number, timeoutMs?: number): Promise<LogLine[]>;
  kill(signal?: NodeJS.Signals): void;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function spawnServe(env: Record<string, string>): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '0', ALLOW_REMOTE_MODELS: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let errors = '';
  let rest = '';
  const waiters = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    const parts = (rest + text).split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as LogLine);
      } catch {
        // Not a log line.
      }
    }
    for (const wake of waiters) wake();
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (errors += text));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const matching = (msg: string | RegExp) => lines.filter((line) => (typeof msg === 'string' ? line.msg === msg : msg.test(line.msg)));
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    lines,
    stderr: () => errors,
    exited,
    waitForLog: (msg, count = 1, timeoutMs = 60_000) => new Promise((resolve, reject) => {
      const check = () => {
        if (matching(msg).length < count) return;
        cleanup();
        resolve(matching(msg));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${count} × "${String(msg)}" within ${timeoutMs} ms; log:\n${lines.map((line) => line.msg).join('\n')}\n${errors}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      void exited.then(() => {
        if (waiters.has(check)) {
          cleanup();
          reject(new Error(`the server exited before "${String(msg)}"; log:\n${lines.map((line) => line.msg).join('\n')}\n${errors}`));
        }
      });
      check();
    }),
    kill: (signal = 'SIGTERM') => child.kill(signal),
  };
}
