/**
 * The streaming chat: a WebSocket at /api/chat. A client sends `{type:"ask", id?, question, history?, filters?}`
 * and receives `sentence` events as the answer is composed (or `token` events from an LLM back end, and
 * `reset` if it fails midway and the extractive answer follows), then `citations`, then `done` with the
 * whole answer (the same as POST /api/ask). A bad message gets an `error` event; the socket stays open.
 */
import type { IncomingMessage, Server } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { AskRequestSchema } from '../answer/schema.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Runtime } from '../runtime.ts';
import { toAppError } from './error-handler.ts';
import { originAllowed } from './security.ts';
import type { Shutdown } from './shutdown.ts';
import { describeIssues } from './validate.ts';

const CHAT_PATH = '/api/chat';
const HEARTBEAT_MS = 25_000;
/** Questions one connection may have in progress; more wait for an answer first. */
const MAX_IN_FLIGHT = 2;

/** Asks per client address per minute over WebSocket, the same budget as the HTTP API's (0: unlimited). */
class AskBudget {
  private readonly used = new Map<string, number>();
  private windowStart = Date.now();

  constructor(private readonly perMinute: number) {}

  take(client: string): boolean {
    if (this.perMinute === 0) return true;
    if (Date.now() - this.windowStart >= 60_000) {
      this.used.clear();
      this.windowStart = Date.now();
    }
    const count = (this.used.get(client) ?? 0) + 1;
    this.used.set(client, count);
    return count <= this.perMinute;
  }
}
const MAX_MESSAGE_BYTES = 32 * 1024;

const ClientMessageSchema = z.discriminatedUnion('type', [
  AskRequestSchema.safeExtend({ type: z.literal('ask'), id: z.string().max(64).optional() }),
  z.object({ type: z.literal('ping') }),
]);

type ServerEvent = Record<string, unknown> & { type: string };

function send(socket: WebSocket, event: ServerEvent): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(event));
}

/** The client's id of a message, even an invalid one, so its error event can be matched to it. */
function idOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null || !('id' in json)) return undefined;
  return typeof json.id === 'string' ? json.id.slice(0, 64) : undefined;
}

function parseMessage(data: Buffer): { id?: string | undefined; message?: z.infer<typeof ClientMessageSchema>; error?: AppError } {
  let json: unknown;
  try {
    json = JSON.parse(data.toString('utf8'));
  } catch {
    return { error: new AppError('INVALID_JSON', 'Malformed JSON in message') };
  }
  const parsed = ClientMessageSchema.safeParse(json);
  if (!parsed.success) return { id: idOf(json), error: new AppError('BAD_REQUEST', describeIssues(parsed.error)) };
  return { id: idOf(json), message: parsed.data };
}

/** 1001 "going away": the server is shutting down; a client reconnects to another instance or later. */
const GOING_AWAY = 1001;

export interface ChatSockets {
  /** Closes each socket with 1001 once its answers in flight are sent; settles when all are closed. */
  drain(): Promise<void>;
  /** Cuts the sockets still open. */
  terminate(): void;
}

export function attachChatSocket(server: Server, parts: { config: Config; runtime: Runtime; log: Logger; shutdown: Shutdown }): ChatSockets {
  const { config, runtime, log, shutdown } = parts;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  /** Per open socket: closes it now if idle, else after its last answer in flight. */
  const closers = new Map<WebSocket, () => void>();

  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    // Compared as text: a malformed request line must not throw here, outside any handler.
    if ((req.url ?? '').split('?')[0] !== CHAT_PATH || shutdown.draining) return void socket.destroy();
    if (!originAllowed(config, req.headers.origin, req.headers.host)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const asks = new AskBudget(config.RATE_LIMIT_PER_MINUTE);

  wss.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    let alive = true;
    let inFlight = 0;
    const client = req.socket.remoteAddress ?? 'unknown';
    // Oversized or malformed frames end the connection; they must not end the process.
    socket.on('error', (error) => log.warn({ err: error }, 'chat socket closed on a bad frame'));
    // Ends any LLM generation still running for this client.
    const gone = new AbortController();
    socket.on('close', () => gone.abort());
    const closeWhenIdle = () => {
      if (inFlight === 0) socket.close(GOING_AWAY, 'server shutting down');
    };
    closers.set(socket, closeWhenIdle);
    socket.on('close', () => closers.delete(socket));
    socket.on('pong', () => (alive = true));
    const heartbeat = setInterval(() => {
      if (!alive) return void socket.terminate();
      alive = false;
      socket.ping();
      send(socket, { type: 'heartbeat', ready: runtime.status().ready });
    }, HEARTBEAT_MS);
    socket.on('close', () => clearInterval(heartbeat));
    send(socket, { type: 'hello', ready: runtime.status().ready });

    socket.on('message', async (data: Buffer) => {
      const { id, message, error: invalid } = parseMessage(data);
      try {
        if (invalid || !message) throw invalid;
        if (message.type === 'ping') return send(socket, { type: 'pong' });
        if (!asks.take(client)) throw new AppError('RATE_LIMITED');
        if (inFlight >= MAX_IN_FLIGHT) throw new AppError('RATE_LIMITED', `At most ${MAX_IN_FLIGHT} questions at a time on one connection`);
        const { type: _type, id: _id, ...request } = message;
        inFlight++;
        try {
          const answer = await runtime.answerer().answer(request, {
            onSentence: (text) => send(socket, { type: 'sentence', id, text }),
            onToken: (text) => send(socket, { type: 'token', id, text }),
            onReset: () => send(socket, { type: 'reset', id }),
            signal: shutdown.signalFor(gone.signal),
          });
          send(socket, { type: 'citations', id, citations: answer.citations });
          send(socket, { type: 'done', id, ...answer });
        } finally {
          inFlight--;
          if (shutdown.draining) closeWhenIdle();
        }
      } catch (error) {
        const appError = toAppError(error);
        if (appError.code === 'INTERNAL') log.error({ err: error }, 'chat socket error');
        send(socket, { type: 'error', id, error: { code: appError.code, message: appError.message } });
      }
    });
  });

  return {
    async drain() {
      const closing = [...closers.keys()].map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())));
      for (const closeWhenIdle of closers.values()) closeWhenIdle();
      await Promise.all(closing);
      wss.close();
    },
    terminate() {
      for (const socket of closers.keys()) socket.terminate();
    },
  };
}
