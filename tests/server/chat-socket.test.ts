import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { RunningServer } from '../../src/server/app.ts';
import { postJson, serve } from '../helpers/http.ts';
import { seedsRuntime } from '../helpers/seeds-runtime.ts';

type Event = Record<string, unknown> & { type: string };

/** Opens a socket and collects its events; `until` resolves with the events up to the first that matches. */
async function connect(url: string, origin?: string): Promise<{ socket: WebSocket; until(test: (event: Event) => boolean): Promise<Event[]> }> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/api/chat`, origin ? { origin } : {});
  const events: Event[] = [];
  const waiters: { test: (event: Event) => boolean; resolve: (events: Event[]) => void }[] = [];
  socket.on('message', (data: Buffer) => {
    events.push(JSON.parse(data.toString()) as Event);
    for (const waiter of [...waiters]) {
      const at = events.findIndex(waiter.test);
      if (at >= 0) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(events.splice(0, at + 1));
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const until = (test: (event: Event) => boolean) => new Promise<Event[]>((resolve) => {
    const at = events.findIndex(test);
    if (at >= 0) resolve(events.splice(0, at + 1));
    else waiters.push({ test, resolve });
  });
  return { socket, until };
}

describe('WebSocket chat /api/chat', () => {
  let server: RunningServer;

  beforeAll(async () => {
    const { runtime, config } = await seedsRuntime();
    server = await serve(runtime, config);
  });
  afterAll(() => server.close());

  it('should greet with readiness', async () => {
    const chat = await connect(server.url);
    const [hello] = await chat.until((event) => event.type === 'hello');
    expect(hello).toEqual({ type: 'hello', ready: true });
    chat.socket.close();
  });

  it('should stream sentences, then citations, then the same answer as POST /api/ask', async () => {
    const question = '白银市对企业在主板上市、在新三板挂牌分别奖励多少？';
    const chat = await connect(server.url);
    chat.socket.send(JSON.stringify({ type: 'ask', id: 'a1', question }));
    const events = await chat.until((event) => event.type === 'done');
    const kinds = events.filter((event) => event.type !== 'hello' && event.type !== 'heartbeat').map((event) => event.type);
    expect(kinds.at(-1)).toBe('done');
    expect(kinds.at(-2)).toBe('citations');
    expect(kinds.slice(0, -2).every((kind) => kind === 'sentence')).toBe(true);
    const done = events.at(-1) as Event;
    const sentences = events.filter((event) => event.type === 'sentence').map((event) => event.text);
    expect(sentences.join('')).toBe(done.answer);
    const { json } = await postJson(`${server.url}/api/ask`, { question });
    const { type: _type, id, ...streamed } = done;
    expect(id).toBe('a1');
    expect(streamed).toEqual(json);
    chat.socket.close();
  });

  it('should answer a bad message with an error event and stay usable', async () => {
    const chat = await connect(server.url);
    chat.socket.send('not json');
    const [, invalid] = (await chat.until((event) => event.type === 'error')).filter((event) => event.type !== 'heartbeat');
    expect(invalid ?? {}).toMatchObject({ type: 'error', error: { code: 'INVALID_JSON' } });
    chat.socket.send(JSON.stringify({ type: 'ask', id: 'x', question: '' }));
    const [bad] = await chat.until((event) => event.type === 'error');
    expect(bad).toMatchObject({ type: 'error', id: 'x', error: { code: 'BAD_REQUEST', message: expect.stringContaining('question') } });
    chat.socket.send(JSON.stringify({ type: 'ping' }));
    expect((await chat.until((event) => event.type === 'pong')).at(-1)).toEqual({ type: 'pong' });
    chat.socket.send(JSON.stringify({ type: 'ask', id: 'ok', question: '银川市营商环境投诉“直通车”制度的投诉举报电话是多少？' }));
    expect((await chat.until((event) => event.type === 'done')).at(-1)).toMatchObject({ id: 'ok', refused: false });
    chat.socket.close();
  });

  it('should say PAYLOAD_TOO_LARGE in an error event before closing with 1009, and keep serving (regression)', async () => {
    const big = await connect(server.url);
    const closed = new Promise<number>((resolve) => big.socket.once('close', (code) => resolve(code)));
    big.socket.send('x'.repeat(40 * 1024));
    expect((await big.until((event) => event.type === 'error')).at(-1)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(await closed).toBe(1009);
    const next = await connect(server.url);
    next.socket.send(JSON.stringify({ type: 'ping' }));
    expect((await next.until((event) => event.type === 'pong')).at(-1)).toEqual({ type: 'pong' });
    next.socket.close();
  });

  it('should say BAD_REQUEST in an error event before closing with 1007 on a text frame of invalid UTF-8 (regression)', async () => {
    const chat = await connect(server.url);
    const closed = new Promise<number>((resolve) => chat.socket.once('close', (code) => resolve(code)));
    chat.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await chat.until((event) => event.type === 'error')).at(-1)).toMatchObject({ error: { code: 'BAD_REQUEST', message: expect.stringContaining('UTF-8') } });
    expect(await closed).toBe(1007);
  });

  it('should answer a third question at once with TOO_MANY_IN_FLIGHT, not RATE_LIMITED, and answer the first two', async () => {
    const chat = await connect(server.url);
    const question = '售电公司注册需要多少资产？';
    for (const id of ['1', '2', '3']) chat.socket.send(JSON.stringify({ type: 'ask', id, question }));
    expect((await chat.until((event) => event.type === 'error')).at(-1)).toMatchObject({ id: '3', error: { code: 'TOO_MANY_IN_FLIGHT' } });
    const rest = await chat.until((event) => event.type === 'done' && event.id === '2');
    expect([...rest].filter((event) => event.type === 'done').length).toBeGreaterThanOrEqual(1);
    chat.socket.close();
  });

  it('should survive an upgrade request with a malformed URL (regression)', async () => {
    const { connect: connectTcp } = await import('node:net');
    const { port } = new URL(server.url);
    await new Promise<void>((resolve) => {
      const raw = connectTcp(Number(port), '127.0.0.1', () => raw.write('GET http://[ HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'));
      raw.on('close', () => resolve());
      raw.on('error', () => resolve());
      raw.resume();
    });
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it('should answer RATE_LIMITED past the per-minute budget, over the socket too', async () => {
    const { runtime, config } = await seedsRuntime();
    const limited = await serve(runtime, config, { RATE_LIMIT_PER_MINUTE: 2 });
    try {
      const chat = await connect(limited.url);
      const question = '银川市营商环境投诉“直通车”制度的投诉举报电话是多少？';
      for (const id of ['1', '2']) {
        chat.socket.send(JSON.stringify({ type: 'ask', id, question }));
        expect((await chat.until((event) => event.type === 'done' || event.type === 'error')).at(-1)).toMatchObject({ type: 'done', id });
      }
      chat.socket.send(JSON.stringify({ type: 'ask', id: '3', question }));
      expect((await chat.until((event) => event.type === 'error')).at(-1)).toMatchObject({ id: '3', error: { code: 'RATE_LIMITED' } });
      chat.socket.close();
    } finally {
      await limited.close();
    }
  });

  it('should refuse the upgrade from a site not in EMBED_ALLOWED_ORIGINS', async () => {
    const { runtime, config } = await seedsRuntime();
    const guarded = await serve(runtime, config, { EMBED_ALLOWED_ORIGINS: ['https://portal.example.gov.cn'] });
    try {
      await expect(connect(guarded.url, 'https://evil.example.com')).rejects.toThrow(/403/u);
      const allowed = await connect(guarded.url, 'https://portal.example.gov.cn');
      allowed.socket.close();
    } finally {
      await guarded.close();
    }
  });
});
