import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answerer, createAnswerer } from '../../src/answer/answerer.ts';
import { createLlmBackend } from '../../src/answer/llm.ts';
import type { Searcher } from '../../src/search/searcher.ts';
import { type FakeOpenAiServer, startFakeOpenAiServer } from '../helpers/fake-openai-server.ts';
import { seedsRuntime } from '../helpers/seeds-runtime.ts';

const QUESTION = '银川市营商环境投诉“直通车”制度的投诉举报电话是多少？';

describe('answers written by an OpenAI-compatible LLM', () => {
  let fake: FakeOpenAiServer;
  let searcher: Searcher;
  let answerer: Answerer;

  beforeAll(async () => {
    fake = await startFakeOpenAiServer();
    searcher = (await seedsRuntime()).runtime.searcher();
    answerer = createAnswerer({ searcher, llm: createLlmBackend({ baseUrl: fake.baseUrl, model: 'qwen-test', timeoutMs: 1500 }) });
  });
  afterAll(() => fake.close());

  it('should send only the retrieved clauses, numbered, and keep the citations the answer marks', async () => {
    fake.script({ pieces: ['投诉举报电话为', '“5556666”。[1]', '另见[9]。'] });
    const tokens: string[] = [];
    const answer = await answerer.answer({ question: QUESTION }, { onToken: (token) => tokens.push(token) });
    expect(answer.by).toBe('qwen-test');
    expect(answer.answer).not.toContain('[9]');
    expect(answer.answer).toContain('5556666');
    expect(answer.citations.map((citation) => citation.n)).toEqual([1]);
    expect(tokens.join('')).toContain('5556666');
    const prompt = JSON.stringify(fake.requests.at(-1)?.body.messages);
    const top = (await searcher.search(QUESTION, { k: 5 }))[0];
    expect(prompt).toContain('[1]');
    expect(prompt).toContain(top?.chunk.text.slice(0, 20));
  });

  it('should fall back to the extractive answer and signal a reset when the server fails mid-stream', async () => {
    fake.script({ pieces: ['部分', '回答'], pieceDelayMs: 5000 });
    let resets = 0;
    const answer = await answerer.answer({ question: QUESTION }, { onReset: () => resets++, onToken: () => undefined });
    expect(answer.by).toBe('extractive');
    expect(answer.refused).toBe(false);
    expect(answer.answer).toContain('5556666');
    expect(resets).toBe(1);
  });

  it('should fall back to the extractive answer on an HTTP error', async () => {
    fake.script({ status: 500 });
    const answer = await answerer.answer({ question: QUESTION });
    expect(answer.by).toBe('extractive');
    expect(answer.citations.length).toBeGreaterThan(0);
  });

  it('should refuse when the model says the clauses do not answer', async () => {
    fake.script({ pieces: ['政策库中没有相关规定。'] });
    const answer = await answerer.answer({ question: QUESTION });
    expect(answer).toMatchObject({ refused: true, status: 'not_found', reason: 'no-matter' });
    expect(answer.citations).toEqual([]);
  });
});
