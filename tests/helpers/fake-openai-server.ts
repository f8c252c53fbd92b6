/**
 * A small OpenAI-compatible chat server on 127.0.0.1 standing in for Ollama, vLLM or DeepSeek:
 * POST /v1/chat/completions, as JSON or (with `stream: true`) as server-sent events. Each test scripts
 * the reply; the server records every request it got.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

export interface ScriptedReply {
  /** The answer, sent as these pieces when streaming (one piece per SSE event); joined when not. */
  pieces?: string[];
  /** An error status instead of an answer. */
  status?: number;
  /** Wait before the response headers. */
  delayMs?: number;
  /** Wait between two streamed pieces (headers already sent: the stream stalls). */
  pieceDelayMs?: number;
}

const MessageSchema = z.looseObject({ role: z.string(), content: z.string() });
const ChatRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(MessageSchema),
  stream: z.boolean().optional(),
  temperature: z.number().optional(),
});
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: ChatRequest;
}

export interface FakeOpenAiServer {
  /** The base URL a client is configured with, `/v1` included. */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** The reply to every following request. */
  script(reply: ScriptedReply): void;
  close(): Promise<void>;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

function chunkEvent(model: string, delta: Record<string, string>, finishReason: string | null): string {
  const chunk = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finishReason }] };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

async function sendStream(response: ServerResponse, model: string, reply: ScriptedReply, gone: AbortSignal): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  for (const [k, piece] of (reply.pieces ?? []).entries()) {
    if (k > 0 && reply.pieceDelayMs) await sleep(reply.pieceDelayMs, gone);
    if (gone.aborted) return;
    response.write(chunkEvent(model, k === 0 ? { role: 'assistant', content: piece } : { content: piece }, null));
  }
  response.write(chunkEvent(model, {}, 'stop'));
  response.end('data: [DONE]\n\n');
}

function sendJson(response: ServerResponse, model: string, reply: ScriptedReply): void {
  const content = (reply.pieces ?? []).join('');
  const completion = {
    id: 'chatcmpl-fake', object: 'chat.completion', created: 0, model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion));
}

export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const requests: RecordedRequest[] = [];
  let reply: ScriptedReply = { pieces: ['好的。'] };

  const server = createServer((request, response) => {
    const gone = new AbortController();
    response.on('close', () => gone.abort());
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (data: string) => { raw += data; });
    request.on('end', () => {
      void (async () => {
        if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
          response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${request.method} ${request.url}` } }));
          return;
        }
        const parsed = ChatRequestSchema.safeParse(parseJson(raw));
        if (!parsed.success) {
          response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: parsed.error.message } }));
          return;
        }
        requests.push({ method: request.method, path: request.url, headers: request.headers, body: parsed.data });
        const current = reply;
        if (current.delayMs) await sleep(current.delayMs, gone.signal);
        if (gone.signal.aborted) return;
        if (current.status !== undefined && current.status >= 400) {
          response.writeHead(current.status, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: { message: `scripted failure ${current.status}`, type: 'server_error' } }));
          return;
        }
        if (parsed.data.stream) await sendStream(response, parsed.data.model, current, gone.signal);
        else sendJson(response, parsed.data.model, current);
      })();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script(next) { reply = next; },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
