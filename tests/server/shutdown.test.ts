/**
 * Clean shutdown with real processes: `policy-qa serve` with two workers, an LLM back end that answers
 * slowly (the fake OpenAI server), clients in flight, then SIGTERM.
 */
import { readFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { PROJECT_ROOT } from '../../src/config.ts';
import { type FakeOpenAiServer, startFakeOpenAiServer } from '../helpers/fake-openai-server.ts';
import { postJson } from '../helpers/http.ts';
import { spawnServe } from '../helpers/serve-process.ts';

const MODEL = 'fake-qwen';
const EMBEDDINGS = path.join(PROJECT_ROOT, 'embeddings');

async function answerableQuestions(n: number): Promise<string[]> {
  const lines = (await readFile(path.join(PROJECT_ROOT, 'eval', 'dev.jsonl'), 'utf8')).split('\n').filter(Boolean);
  return lines.map((line) => JSON.parse(line) as { question: string; gold_quotes?: string[] })
    .filter((item) => (item.gold_quotes ?? []).length > 0).slice(0, n).map((item) => item.question);
}

/** Events of a chat socket until it closes, and the close code. */
function openChat(url: string): Promise<{ socket: WebSocket; events: { type: string; by?: string }[]; closed: Promise<number> }> {
  const socket = new WebSocket(`${url.replace(/^http/u, 'ws')}/api/chat`);
  const events: { type: string; by?: string }[] = [];
  socket.on('message', (data: Buffer) => events.push(JSON.parse(data.toString('utf8')) as { type: string }));
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, events, closed }));
    socket.once('error', reject);
  });
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('serve › shutdown', () => {
  let fake: FakeOpenAiServer;
  let questions: string[];

  beforeAll(async () => {
    fake = await startFakeOpenAiServer();
    questions = await answerableQuestions(12);
  });
  afterAll(() => fake.close());

  const llmEnv = (extra: Record<string, string> = {}) => ({ LLM_BASE_URL: fake.baseUrl, LLM_MODEL: MODEL, LLM_TIMEOUT_MS: '60000', ...extra });

  describe('on SIGTERM with answers in flight', () => {
    it('should finish every HTTP and WebSocket answer, close sockets with 1001, and exit 0', async () => {
      fake.script({ pieces: ['依据相关条款办理。[1]'], delayMs: 2500 });
      const server = await spawnServe(llmEnv({ WORKERS: '2' }));
      try {
        await server.waitForLog('ready', 2);
        const idle = await openChat(server.url);
        const asking = await openChat(server.url);
        const before = fake.requests.length;
        asking.socket.send(JSON.stringify({ type: 'ask', id: 'q', question: questions[0] }));
        const answers = questions.map((question) => postJson(`${server.url}/api/ask`, { question }));
        await until(() => fake.requests.length >= before + questions.length + 1);
        server.kill('SIGTERM');
        const settled = await Promise.allSettled(answers);
        expect(settled.map((result) => (result.status === 'fulfilled' ? result.value.status : 'reset'))).toEqual(questions.map(() => 200));
        expect(settled.map((result) => (result.status === 'fulfilled' ? result.value.json.by : null))).toEqual(questions.map(() => MODEL));
        expect(await idle.closed).toBe(1001);
        expect(await asking.closed).toBe(1001);
        expect(asking.events.find((event) => event.type === 'done')?.by).toBe(MODEL);
        expect(await server.exited).toBe(0);
        await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
      } finally {
        server.kill('SIGKILL');
      }
    });

    it('should cut LLM answers to the extractive answer when SHUTDOWN_TIMEOUT_MS expires, and still exit 0', async () => {
      fake.script({ pieces: ['依据相关条款办理。[1]'], delayMs: 40_000 });
      const server = await spawnServe(llmEnv({ WORKERS: '1', SHUTDOWN_TIMEOUT_MS: '1000' }));
      try {
        await server.waitForLog('ready');
        const before = fake.requests.length;
        const answers = questions.slice(0, 3).map((question) => postJson(`${server.url}/api/ask`, { question }));
        await until(() => fake.requests.length >= before + 3);
        const signalled = Date.now();
        server.kill('SIGTERM');
        const results = await Promise.all(answers);
        expect(results.map((result) => [result.status, result.json.by])).toEqual(results.map(() => [200, 'extractive']));
        expect(await server.exited).toBe(0);
        // Far below the LLM's 40 s: the bound, not the LLM, ended the answers.
        expect(Date.now() - signalled).toBeLessThan(20_000);
      } finally {
        server.kill('SIGKILL');
      }
    });
  });

  describe('when a worker dies just before SIGTERM (regression: a replacement kept serving)', () => {
    it('should start no worker once shutdown has begun, and exit 0; the next start removes abandoned build folders', async () => {
      // What a build killed mid-write leaves: a staging folder of a process that no longer runs.
      const abandoned = path.join(EMBEDDINGS, '.index.tmp-4194305-killed');
      await mkdir(abandoned, { recursive: true });
      const server = await spawnServe({ WORKERS: '2' });
      try {
        const ready = await server.waitForLog('ready', 2);
        expect((await readdir(EMBEDDINGS)).filter((name) => name.includes('.tmp-'))).toEqual([]);
        process.kill(ready[0]!.pid, 'SIGKILL');
        await server.waitForLog('worker died, starting another');
        server.kill('SIGTERM');
        expect(await server.exited).toBe(0);
        expect(server.lines.filter((line) => /^policy-qa listening/u.test(line.msg))).toHaveLength(2);
      } finally {
        server.kill('SIGKILL');
      }
    });
  });
});
