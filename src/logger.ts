/** Structured logs (pino): JSON for machines, pretty lines when a person watches a terminal. */
import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * `stream` is where the lines go: stdout for the server, stderr for commands whose stdout is their
 * result (eval tables, JSON), so piping that result never mixes in a log line.
 */
export function createLogger(level: string, stream: 'stdout' | 'stderr' = 'stdout'): Logger {
  const fd = stream === 'stdout' ? 1 : 2;
  const pretty = (stream === 'stdout' ? process.stdout : process.stderr).isTTY === true;
  if (pretty) return pino({ level, transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname', destination: fd } } });
  return pino({ level }, pino.destination(fd));
}
