import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildPrompt, createLlmBackend, LlmError, type LlmBackend, type LlmClause, type LlmOptions } from '../../src/answer/llm.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server.ts';

const CLAUSES: LlmClause[] = [
  { n: 1, docTitle: '关于进一步优化营商环境的若干措施', clause: '第三条', pageLabel: '汇编第 2 页', text: '对新设立的小微企业给予一次性开办补贴，最高不超过5000元。' },
  { n: 2, docTitle: '关于进一步优化营商环境的若干措施', clause: '第五条（二）', pageLabel: null, text: '企业应当在取得营业执照之日起30日内提出申请。' },
  { n: 3, docTitle: '陕西省稳岗返还实施细则', clause: '第二章 第八条', pageLabel: '第 7 页', text: '由县级以上人力资源社会保障部门负责受理。' },
];
const QUESTION = '新开的小微企业能拿多少开办补贴？';
const TIMEOUT_MS = 400;

function rejectionOf(promise: Promise<unknown>): Promise<LlmError> {
  return promise.then(
    () => { throw new Error('expected the answer to reject'); },
    (error: unknown) => {
      expect(error).toBeInstanceOf(LlmError);
      return error as LlmError;
    },
  );
}

describe('llm back end', () => {
  let server: FakeOpenAiServer;
  let options: LlmOptions;
  let backend: LlmBackend;

  beforeAll(async () => {
    server = await startFakeOpenAiServer();
    options = { baseUrl: server.baseUrl, model: 'qwen2.5:7b', timeoutMs: TIMEOUT_MS };
    backend = createLlmBackend(options);
    // LangChain loads its modules on the first call: pay that once here, not inside a test's 400 ms budget.
    server.script({ pieces: ['预热。[1]'] });
    await createLlmBackend({ ...options, timeoutMs: 30_000 }).answer({ question: QUESTION, history: [], clauses: CLAUSES });
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.requests.length = 0;
  });

  describe('when the server streams an answer', () => {
    it('should send a streaming chat request with the numbered clauses and the question', async () => {
      server.script({ pieces: ['最高5000元。[1]'] });
      await backend.answer({ question: QUESTION, history: [], clauses: CLAUSES });

      expect(server.requests).toHaveLength(1);
      const { body, path } = server.requests[0]!;
      expect(path).toBe('/v1/chat/completions');
      expect(body.model).toBe('qwen2.5:7b');
      expect(body.stream).toBe(true);
      expect(body.temperature).toBe(0.1);
      expect(body.messages[0]!.role).toBe('system');
      expect(body.messages[0]!.content).toContain('政策库中没有相关规定');
      const user = body.messages.at(-1)!;
      expect(user.role).toBe('user');
      expect(user.content).toContain('[1] 文件：关于进一步优化营商环境的若干措施；条款：第三条；汇编第 2 页\n对新设立的小微企业给予一次性开办补贴');
      expect(user.content).toContain('[2] 文件：关于进一步优化营商环境的若干措施；条款：第五条（二）\n企业应当');
      expect(user.content).toContain('[3] 文件：陕西省稳岗返还实施细则；条款：第二章 第八条；第 7 页\n由县级以上');
      expect(user.content.indexOf('[1]')).toBeLessThan(user.content.indexOf('[2]'));
      expect(user.content).toMatch(new RegExp(`问题：${QUESTION}$`, 'u'));
    });

    it('should pass tokens on in order and resolve with their concatenation, invalid markers removed', async () => {
      const pieces = ['开办补贴', '最高不超过', '5000元。[1]', '另有奖励', '1万元。[7]', '30日内申请。[2]'];
      server.script({ pieces, pieceDelayMs: 5 });
      const tokens: string[] = [];
      const answer = await backend.answer({ question: QUESTION, history: [], clauses: CLAUSES }, (token) => tokens.push(token));

      expect(tokens).toEqual(pieces);
      expect(answer).toBe('开办补贴最高不超过5000元。[1]另有奖励1万元。30日内申请。[2]');
    });

    it('should keep the reasoning of a reasoning model out of the tokens and the answer', async () => {
      server.script({ pieces: ['<think>', '用户问补贴[9]', '</think>', '最高5000元。[1]'] });
      const tokens: string[] = [];
      const answer = await backend.answer({ question: QUESTION, history: [], clauses: CLAUSES }, (token) => tokens.push(token));

      expect(tokens.join('')).toBe('最高5000元。[1]');
      expect(answer).toBe('最高5000元。[1]');
    });

    it('should include the last turns of the conversation, without their old markers, for a follow-up', async () => {
      server.script({ pieces: ['由县级以上人力资源社会保障部门受理。[3]'] });
      const history = [
        { role: 'user' as const, content: '稳岗返还谁来受理？' },
        { role: 'assistant' as const, content: '由人社部门受理。[4]' },
      ];
      await backend.answer({ question: '那陕西呢？', history, clauses: CLAUSES });

      const roles = server.requests[0]!.body.messages.map((message) => message.role);
      expect(roles).toEqual(['system', 'user', 'assistant', 'user']);
      expect(server.requests[0]!.body.messages[2]!.content).toBe('由人社部门受理。');
    });

    it('should send the API key as a Bearer token when one is given', async () => {
      server.script({ pieces: ['最高5000元。[1]'] });
      await createLlmBackend({ ...options, apiKey: 'sk-test-123' }).answer({ question: QUESTION, history: [], clauses: CLAUSES });

      expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-test-123');
    });

    it('should still send a placeholder key when none is given, as Ollama and vLLM need none', async () => {
      server.script({ pieces: ['最高5000元。[1]'] });
      await backend.answer({ question: QUESTION, history: [], clauses: CLAUSES });

      expect(server.requests[0]!.headers.authorization).toMatch(/^Bearer \S+$/u);
      expect(server.requests[0]!.headers.authorization).not.toBe('Bearer sk-test-123');
    });
  });

  describe('when the server fails', () => {
    it('should reject with the HTTP status on a 500', async () => {
      server.script({ status: 500 });
      const error = await rejectionOf(backend.answer({ question: QUESTION, history: [], clauses: CLAUSES }));

      expect(error.code).toBe('LLM_HTTP_ERROR');
      expect(error.status).toBe(500);
      expect(server.requests).toHaveLength(1);
    });

    it('should hint at the /v1 suffix on a 404', async () => {
      const error = await rejectionOf(createLlmBackend({ ...options, baseUrl: server.baseUrl.replace(/\/v1$/u, '') }).answer({ question: QUESTION, history: [], clauses: CLAUSES }));

      expect(error.code).toBe('LLM_HTTP_ERROR');
      expect(error.message).toContain('/v1');
    });

    it('should reject when nothing listens at the base URL', async () => {
      const gone = await startFakeOpenAiServer();
      await gone.close();
      const error = await rejectionOf(createLlmBackend({ ...options, baseUrl: gone.baseUrl }).answer({ question: QUESTION, history: [], clauses: CLAUSES }));

      expect(error.code).toBe('LLM_UNREACHABLE');
    });

    it('should reject when the reply holds no text', async () => {
      server.script({ pieces: ['[7]'] });
      const error = await rejectionOf(backend.answer({ question: QUESTION, history: [], clauses: CLAUSES }));

      expect(error.code).toBe('LLM_EMPTY');
    });
  });

  describe('when the server is too slow', () => {
    it('should reject within about timeoutMs when no response comes', async () => {
      server.script({ pieces: ['太慢了。[1]'], delayMs: 5_000 });
      const started = performance.now();
      const error = await rejectionOf(backend.answer({ question: QUESTION, history: [], clauses: CLAUSES }));
      const elapsed = performance.now() - started;

      expect(error.code).toBe('LLM_TIMEOUT');
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 500);
    });

    it('should reject within about timeoutMs when the stream stalls, and pass no token after that', async () => {
      server.script({ pieces: ['最高', '5000元。[1]'], pieceDelayMs: 5_000 });
      const tokens: string[] = [];
      const started = performance.now();
      const error = await rejectionOf(backend.answer({ question: QUESTION, history: [], clauses: CLAUSES }, (token) => tokens.push(token)));
      const elapsed = performance.now() - started;

      expect(error.code).toBe('LLM_TIMEOUT');
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 500);
      expect(tokens).toEqual(['最高']);
    });

    it('should reject at once when the caller aborts', async () => {
      server.script({ pieces: ['太慢了。[1]'], delayMs: 5_000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = performance.now();
      const error = await rejectionOf(backend.answer({ question: QUESTION, history: [], clauses: CLAUSES }, undefined, controller.signal));

      expect(error.code).toBe('LLM_ABORTED');
      expect(performance.now() - started).toBeLessThan(TIMEOUT_MS);
    });
  });

  describe('the fake server itself', () => {
    it('should answer a request without stream as one JSON completion', async () => {
      server.script({ pieces: ['最高', '5000元。[1]'] });
      const response = await fetch(`${server.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: QUESTION }] }),
      });

      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toMatchObject({ choices: [{ message: { role: 'assistant', content: '最高5000元。[1]' } }] });
    });
  });

  describe('createLlmBackend', () => {
    it('should refuse options without a URL, a model or a timeout, saying what is expected', () => {
      expect(() => createLlmBackend({ baseUrl: 'localhost:11434', model: '', timeoutMs: 0 })).toThrow(/baseUrl must be an http\(s\) URL.*model must not be empty.*timeoutMs must be a positive number/u);
    });
  });

  describe('buildPrompt', () => {
    it('should say so when no clause was retrieved, so the model refuses', () => {
      const messages = buildPrompt({ question: QUESTION, history: [], clauses: [] });

      expect(messages).toHaveLength(2);
      expect(messages[1]!.text).toContain('没有检索到相关条款');
    });
  });
});
