/**
 * The conversation channel: the WebSocket at /api/chat when it is open (answers stream sentence by
 * sentence), plain POST /api/ask otherwise. A lost socket reconnects with growing delays; questions in
 * flight when it drops are asked again over HTTP, so no question is lost.
 */
import { ApiError, postAsk } from './api.js';

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;
/** The server sends a heartbeat every 25 s; silence for longer than this means the link is dead. */
const SILENCE_MS = 60_000;
const ANSWER_TIMEOUT_MS = 60_000;

let counter = 0;
const newId = () => `q${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/**
 * `onStatus(state, detail)` with state `connecting` | `online` | `offline` (detail.retryInMs);
 * `onReady(ready)` whenever the server reports whether its indexes are loaded.
 */
export function createChatClient({ onStatus = () => {}, onReady = () => {} } = {}) {
  let socket = null;
  let attempt = 0;
  let retryTimer = null;
  let lastSeen = 0;
  let stopped = false;
  const pending = new Map();

  const socketUrl = () => {
    const url = new URL('/api/chat', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.href;
  };

  function connect() {
    clearTimeout(retryTimer);
    if (stopped || socket) return;
    onStatus('connecting', { attempt });
    let ws;
    try {
      ws = new WebSocket(socketUrl());
    } catch {
      scheduleRetry();
      return;
    }
    socket = ws;
    ws.addEventListener('open', () => {
      attempt = 0;
      lastSeen = Date.now();
      onStatus('online', {});
    });
    ws.addEventListener('message', (event) => {
      lastSeen = Date.now();
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      handle(message);
    });
    ws.addEventListener('close', () => lost(ws));
  }

  /** The socket `ws` is gone: questions in flight move to HTTP, and a reconnect is scheduled. */
  function lost(ws) {
    if (socket !== ws) return;
    socket = null;
    for (const [id, entry] of pending) {
      pending.delete(id);
      entry.handlers.onRestart?.();
      overHttp(entry);
    }
    if (!stopped) scheduleRetry();
  }

  function scheduleRetry() {
    const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt) * (0.8 + Math.random() * 0.4);
    attempt += 1;
    onStatus('offline', { retryInMs: delay, attempt });
    retryTimer = setTimeout(connect, delay);
  }

  function handle(message) {
    if (message.type === 'hello' || message.type === 'heartbeat') return onReady(Boolean(message.ready));
    const entry = message.id ? pending.get(message.id) : undefined;
    if (!entry) return;
    if (message.type === 'sentence' || message.type === 'token') entry.handlers.onText?.(String(message.text ?? ''));
    else if (message.type === 'citations') entry.handlers.onCitations?.(message.citations ?? []);
    // The LLM failed midway: what it streamed is void, the extractive sentences follow.
    else if (message.type === 'reset') entry.handlers.onRestart?.();
    else if (message.type === 'done') settle(message.id, null, message);
    else if (message.type === 'error') settle(message.id, new ApiError(message.error?.code ?? 'ERROR', message.error?.message ?? '出错了'));
  }

  function settle(id, error, message) {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    if (error) return entry.reject(error);
    const { type: _type, id: _id, ...answer } = message;
    entry.resolve(answer);
  }

  function overHttp(entry) {
    clearTimeout(entry.timer);
    postAsk(entry.request).then(entry.resolve, entry.reject);
  }

  // A socket that stopped hearing the server (sleeping laptop, dropped Wi-Fi) is closed and replaced.
  const watchdog = setInterval(() => {
    if (socket && socket.readyState === WebSocket.OPEN && Date.now() - lastSeen > SILENCE_MS) {
      const dead = socket;
      lost(dead);
      dead.close();
    }
  }, 10_000);

  const reconnectNow = () => {
    if (!socket && !stopped) {
      attempt = 0;
      connect();
    }
  };
  window.addEventListener('online', reconnectNow);

  connect();

  return {
    /** Asks a question; `handlers.onText(piece)` and `handlers.onCitations(list)` stream, the promise gives the answer. */
    ask(request, handlers = {}) {
      return new Promise((resolve, reject) => {
        const entry = { request, handlers, resolve, reject, timer: null };
        if (!socket || socket.readyState !== WebSocket.OPEN) return overHttp(entry);
        const id = newId();
        entry.timer = setTimeout(() => settle(id, new ApiError('TIMEOUT', '回答超时，请稍后重试')), ANSWER_TIMEOUT_MS);
        pending.set(id, entry);
        socket.send(JSON.stringify({ type: 'ask', id, ...request }));
      });
    },
    /** Forgets the answers in flight (a new conversation): their late events are ignored. */
    forget() {
      for (const entry of pending.values()) clearTimeout(entry.timer);
      pending.clear();
    },
    reconnectNow,
    close() {
      stopped = true;
      clearInterval(watchdog);
      clearTimeout(retryTimer);
      window.removeEventListener('online', reconnectNow);
      socket?.close();
    },
  };
}
