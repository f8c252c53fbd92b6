/**
 * The streaming chat: a WebSocket at /api/chat. A client sends `{type:"ask", id?, question, history?, filters?}`
 * and receives `sentence` events as the answer is composed (or `token` events from an LLM back end, and
 * `reset` if it fails midway and the extractive answer follows), then `citations`, then `done` with the
 * whole answer (the same as POST /api/ask). A bad message gets an `error` event; the socket stays open.
 */
import type { IncomingMessage, Server } from 'node:http';
import { isUtf8 } from 'node:buffer';
import type { Store } from 'express-rate-limit';
import { WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { AskRequestSchema } from '../answer/schema.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Runtime } from '../runtime.ts';
import { toAppError } from './error-handler.ts';
import { originAllowed, RATE_WINDOW_MS, rateLimitStore } from './security.ts';
import type { Shutdown } from './shutdown.ts';
import { describeIssues } from './validate.ts';

const CHAT_PATH = '/api/chat';
const HEARTBEAT_MS = 25_000;
/** Questions one connection may have in progress; more wait for an answer first. */
const MAX_IN_FLIGHT = 2;

/** Asks per client address per minute over WebSocket, a budget like the HTTP API's, shared by every worker (0: unlimited). */
function askBudget(perMinute: number): (client: string) => Promise<boolean> {
  if (perMinute === 0) return () => Promise.resolve(true);
  const store = rateLimitStore('chat');
  const ready = store.init?.({ windowMs: RATE_WINDOW_MS } as Parameters<NonNullable<Store['init']>>[0]);
  return async (client) => {
    await ready;
    // Counting is best effort: a primary that does not answer lets the question through.
    const { totalHits } = await Promise.resolve(store.increment(client)).catch(() => ({ totalHits: 0 }));
    return totalHits <= perMinute;
  };
}

/** A message over this gets an `error` event, then the socket closes with 1009. */
const MAX_MESSAGE_BYTES = 32 * 1024;
/** Frames over this are refused by ws itself while still arriving (1009, no event): nothing that large is read. */
const MAX_FRAME_BYTES = 1024 * 1024;
const MESSAGE_TOO_BIG = 1009;
const INVALID_PAYLOAD = 1007;

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
  // UTF-8 is checked here, not by ws, so that a malformed message gets an error event before the close.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, skipUTF8Validation: true });
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

  const takeAsk = askBudget(config.RATE_LIMIT_PER_MINUTE);

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

    /** Says why in an error event, then closes: the client learns what it did wrong. */
    const refuse = (code: number, error: AppError) => {
      send(socket, { type: 'error', error: { code: error.code, message: error.message } });
      socket.close(code, error.code);
    };

    socket.on('message', async (data: Buffer, isBinary: boolean) => {
      if (data.byteLength > MAX_MESSAGE_BYTES) return refuse(MESSAGE_TOO_BIG, new AppError('PAYLOAD_TOO_LARGE', `A message may be at most ${MAX_MESSAGE_BYTES} bytes`));
      if (!isBinary && !isUtf8(data)) return refuse(INVALID_PAYLOAD, new AppError('BAD_REQUEST', 'A text message must be valid UTF-8'));
      const { id, message, error: invalid } = parseMessage(data);
      try {
        if (invalid || !message) throw invalid;
        if (message.type === 'ping') return send(socket, { type: 'pong' });
        if (inFlight >= MAX_IN_FLIGHT) throw new AppError('TOO_MANY_IN_FLIGHT', `At most ${MAX_IN_FLIGHT} questions at a time on one connection: wait for an answer first`);
        const { type: _type, id: _id, ...request } = message;
        // Counted before the budget is asked, so two messages at once cannot both pass the cap.
        inFlight++;
        try {
          if (!(await takeAsk(client))) throw new AppError('RATE_LIMITED');
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
