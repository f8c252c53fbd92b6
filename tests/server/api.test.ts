import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerSchema } from '../../src/answer/schema.ts';
import type { Config } from '../../src/config.ts';
import type { Runtime } from '../../src/runtime.ts';
import type { RunningServer } from '../../src/server/app.ts';
import { postJson, serve } from '../helpers/http.ts';
import { seedsRuntime } from '../helpers/seeds-runtime.ts';
import { startTestServer } from '../helpers/server.ts';

describe('HTTP API on the seeds', () => {
  let runtime: Runtime;
  let config: Config;
  let server: RunningServer & { dataDir: string };

  beforeAll(async () => {
    ({ runtime, config } = await seedsRuntime());
    server = await serve(runtime, config);
  });
  afterAll(() => server.close());

  describe('GET /api/health', () => {
    it('should report ready with the chunk count and the model', async () => {
      const health = await (await fetch(`${server.url}/api/health`)).json();
      expect(health).toEqual({ status: 'ok', ready: true, stage: 'ready', chunks: runtime.library().chunks.length, model: expect.stringMatching(/^builtin@/u) });
    });
  });

  describe('GET /api/documents', () => {
    it('should list every document with its metadata', async () => {
      const { documents } = (await (await fetch(`${server.url}/api/documents`)).json()) as { documents: { title: string; chunks: number }[] };
      expect(documents.length).toBe(runtime.library().documents.length);
      expect(documents.some((doc) => doc.title === '国家发改委、能源局《售电公司管理办法》' && doc.chunks > 10)).toBe(true);
    });

    it('should give each document its place, status and period of validity', async () => {
      const { documents } = (await (await fetch(`${server.url}/api/documents`)).json()) as { documents: Record<string, unknown>[] };
      for (const doc of documents) {
        expect(Object.keys(doc)).toEqual(expect.arrayContaining(['region', 'city', 'issuer', 'date', 'docNumber', 'status', 'effectiveFrom', 'effectiveUntil']));
        expect(['draft', 'trial', 'in_force', 'expired']).toContain(doc.status);
      }
      expect(documents.find((doc) => String(doc.title).startsWith('东莞市优化营商环境条例'))).toMatchObject({ region: '广东', city: '东莞市', status: 'draft' });
    });

    it('should give a document with its clauses in order, each knowing its chunk ids', async () => {
      const document = runtime.library().documents.find((doc) => doc.title.includes('售电公司管理办法'));
      const body = (await (await fetch(`${server.url}/api/documents/${document?.id}`)).json()) as { clauses: { path: string; chunkIds: string[] }[] };
      const ids = body.clauses.flatMap((clause) => clause.chunkIds);
      expect(ids).toEqual(runtime.library().chunks.filter((chunk) => chunk.docId === document?.id).map((chunk) => chunk.id));
      expect(body.clauses.some((clause) => clause.path.startsWith('第二章 注册条件 › 第五条'))).toBe(true);
    });

    it('should answer 404 with a JSON error for an unknown id', async () => {
      const response = await fetch(`${server.url}/api/documents/0000000000`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No document with id 0000000000' } });
    });

    it('should answer 400, not 500, for a broken percent-escape in the path (regression)', async () => {
      const response = await fetch(`${server.url}/api/documents/%E0`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
    });

    it('should answer 400 for an id that cannot be one', async () => {
      expect((await fetch(`${server.url}/api/documents/..%2F..%2Fetc`)).status).toBe(400);
    });
  });

  describe('GET /api/search', () => {
    it('should return scored clauses with title, clause path, page and source', async () => {
      const response = await fetch(`${server.url}/api/search?${new URLSearchParams({ q: '陕西省提升秦务员政务服务能力方案要求平台能支撑多少用户同时在线', k: '3' })}`);
      const { results } = (await response.json()) as { results: Record<string, unknown>[] };
      expect(results).toHaveLength(3);
      expect(Object.keys(results[0] ?? {}).sort()).toEqual(['clause', 'docId', 'docTitle', 'id', 'page', 'score', 'source', 'text']);
      expect(results.some((result) => String(result.text).replace(/\s/gu, '').includes('同时在线'))).toBe(true);
      expect(typeof results[0]?.page).toBe('number');
    });

    it('should narrow results to the documents of a place, issuer, year or status, with the facets counting them', async () => {
      const { documents, facets } = (await (await fetch(`${server.url}/api/documents`)).json()) as {
        documents: { id: string; region: string | null; city: string | null; issuer: string | null; date: string | null; status: string }[];
        facets: Record<'region' | 'city' | 'issuer' | 'year' | 'status', { value: string; count: number }[]>;
      };
      expect(facets.region.reduce((sum, { count }) => sum + count, 0)).toBe(documents.filter((document) => document.region).length);
      const city = facets.city[0]?.value ?? '';
      const issuer = facets.issuer[0]?.value ?? '';
      const year = facets.year[0]?.value ?? '';
      const cases: [Record<string, string>, (document: (typeof documents)[number]) => boolean][] = [
        [{ region: '甘肃' }, (document) => document.region === '甘肃'],
        [{ city }, (document) => document.city === city],
        [{ issuer }, (document) => document.issuer === issuer],
        [{ year }, (document) => document.date?.startsWith(year) === true],
        [{ status: 'draft,trial' }, (document) => ['draft', 'trial'].includes(document.status)],
      ];
      for (const [filter, keeps] of cases) {
        const allowed = new Set(documents.filter(keeps).map((document) => document.id));
        const response = await fetch(`${server.url}/api/search?${new URLSearchParams({ q: '优化营商环境 企业 办理', k: '20', ...filter })}`);
        const { results } = (await response.json()) as { results: { docId: string }[] };
        expect(results.length, JSON.stringify(filter)).toBeGreaterThan(0);
        expect(results.every((result) => allowed.has(result.docId)), JSON.stringify(filter)).toBe(true);
      }
      expect((await fetch(`${server.url}/api/search?q=%E4%BC%81&status=repealed`)).status).toBe(400);
    });

    it('should reject a missing query, a bad k and an unknown retriever with 400', async () => {
      for (const query of ['', 'q=%E4%BC%81&k=0', 'q=%E4%BC%81&k=abc', 'q=%E4%BC%81&retriever=magic']) {
        const response = await fetch(`${server.url}/api/search?${query}`);
        expect(response.status).toBe(400);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
      }
    });
  });

  describe('POST /api/ask', () => {
    it('should answer with sentences that each end with a marker of a citation that says them', async () => {
      const { status, json } = await postJson(`${server.url}/api/ask`, { question: '银川市营商环境投诉“直通车”制度的投诉举报电话是多少？' });
      expect(status).toBe(200);
      const answer = AnswerSchema.parse(json);
      expect(answer).toMatchObject({ refused: false, reason: null });
      expect(answer.answer).toContain('5556666');
      const markers = [...answer.answer.matchAll(/\[(\d+)\]/gu)].map((match) => Number(match[1]));
      expect(markers.length).toBeGreaterThan(0);
      for (const n of markers) expect(answer.citations.some((citation) => citation.n === n)).toBe(true);
    });

    it('should cite with the 文号, issuer, date and status of the document, and label a page of a compilation as such', async () => {
      const answer = AnswerSchema.parse((await postJson(`${server.url}/api/ask`, { question: '银川市营商环境投诉“直通车”制度的投诉举报电话是多少？' })).json);
      const citation = answer.citations.find((cited) => cited.docTitle.startsWith('银川市人民政府办公室'));
      expect(citation).toMatchObject({ docNumber: '银政办发〔2023〕17号', issuer: '银川市人民政府办公室', date: '2023-03-01', status: expect.stringMatching(/^(in_force|expired)$/u) });
      expect(citation?.pageLabel).toBe(`汇编第 ${citation?.page} 页`);
    });

    it('should refuse a question about a place the library has no document of', async () => {
      const answer = AnswerSchema.parse((await postJson(`${server.url}/api/ask`, { question: '拉萨市对新引进的品牌首店奖励多少钱？' })).json);
      expect(answer.refused).toBe(true);
      expect(answer.citations).toEqual([]);
      expect(answer).toMatchObject({ status: 'not_found', reason: 'unknown-place' });
      expect(answer.answer).toContain('拉萨');
    });

    it('should reject malformed requests with 400 and say what is wrong', async () => {
      const cases: [unknown, string, string][] = [
        [{}, 'BAD_REQUEST', 'question'],
        [{ question: '' }, 'BAD_REQUEST', 'question'],
        [{ question: 'x'.repeat(501) }, 'BAD_REQUEST', '500'],
        [{ question: '问题', history: [{ role: 'system', content: 'x' }] }, 'BAD_REQUEST', 'history.0.role'],
        [{ question: '问题', extra: 1 }, 'BAD_REQUEST', 'extra'],
        ['{"question":', 'INVALID_JSON', 'Malformed JSON'],
      ];
      for (const [body, code, says] of cases) {
        const { status, json } = await postJson(`${server.url}/api/ask`, body);
        expect(status).toBe(400);
        expect(json.error).toMatchObject({ code, message: expect.stringContaining(says) });
      }
    });

    it('should keep a follow-up\'s query short however long the history is (regression)', async () => {
      const history = [{ role: 'user', content: `银川市对小微企业用电报装有什么优惠？${'很长的背景'.repeat(700)}` }];
      const { status, json } = await postJson(`${server.url}/api/ask`, { question: '那陕西呢？', history });
      expect(status).toBe(200);
      expect(String(json.query).length).toBeLessThanOrEqual(520);
    });

    it('should answer 415 with a hint for a body that is not JSON', async () => {
      const response = await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'question=hi' });
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('application/json') } });
    });

    it('should answer 413 for a body over the limit', async () => {
      const { status, json } = await postJson(`${server.url}/api/ask`, { question: '问题', history: [{ role: 'user', content: 'x'.repeat(40_000) }] });
      expect(status).toBe(413);
      expect(json.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    });
  });

  describe('POST /api/feedback', () => {
    it('should append feedback to the data folder and keep earlier lines', async () => {
      const first = await postJson(`${server.url}/api/feedback`, { rating: 'up', question: '问一', answer: '答一' });
      const second = await postJson(`${server.url}/api/feedback`, { rating: 'down', question: '问二', answer: '答二', citations: ['abc'] });
      expect([first.status, second.status]).toEqual([201, 201]);
      const lines = (await readFile(path.join(server.dataDir, 'feedback.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
      expect(lines).toMatchObject([{ rating: 'up', question: '问一' }, { rating: 'down', question: '问二', citations: ['abc'] }]);
    });

    it('should reject an unknown rating', async () => {
      expect((await postJson(`${server.url}/api/feedback`, { rating: 'meh', question: 'q', answer: 'a' })).status).toBe(400);
    });
  });

  describe('unknown routes', () => {
    it('should answer 404 as JSON under /api', async () => {
      const response = await fetch(`${server.url}/api/nothing`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No route for GET /api/nothing' } });
    });
  });
});

describe('feedback storage', () => {
  it('should keep every line across a restart of the server', async () => {
    const { runtime, config } = await seedsRuntime();
    const first = await serve(runtime, config);
    await postJson(`${first.url}/api/feedback`, { rating: 'up', question: '重启前', answer: 'a' });
    await first.close();
    const second = await serve(runtime, config, { DATA_DIR: first.dataDir });
    try {
      await Promise.all(['并发一', '并发二', '并发三'].map((question) => postJson(`${second.url}/api/feedback`, { rating: 'down', question, answer: 'b' })));
      const lines = (await readFile(path.join(first.dataDir, 'feedback.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { question: string });
      expect(lines.map((line) => line.question).sort()).toEqual(['并发一', '并发三', '并发二', '重启前'].sort());
    } finally {
      await second.close();
    }
  });
});

describe('origins and rate limits', () => {
  it('should refuse API calls from a page of a site not in EMBED_ALLOWED_ORIGINS', async () => {
    const { runtime, config } = await seedsRuntime();
    const server = await serve(runtime, config, { EMBED_ALLOWED_ORIGINS: ['https://portal.example.gov.cn'] });
    try {
      const denied = await fetch(`${server.url}/api/health`, { headers: { origin: 'https://evil.example.com' } });
      expect(denied.status).toBe(403);
      const allowed = await fetch(`${server.url}/api/health`, { headers: { origin: 'https://portal.example.gov.cn' } });
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.example.gov.cn');
      const page = await fetch(`${server.url}/`);
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://portal.example.gov.cn");
    } finally {
      await server.close();
    }
  });

  it('should answer 429 once a client passes RATE_LIMIT_PER_MINUTE, and never limit /api/health (regression)', async () => {
    const { runtime, config } = await seedsRuntime();
    const server = await serve(runtime, config, { RATE_LIMIT_PER_MINUTE: 3 });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${server.url}/api/documents`)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      for (let i = 0; i < 5; i++) expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('when dense retrieval is unavailable', () => {
  it('should answer retriever=dense with 503 DENSE_UNAVAILABLE, not lexical results under its name', async () => {
    const server = await startTestServer({ lexicalOnly: true });
    try {
      const health = (await (await fetch(`${server.url}/api/health`)).json()) as { ready: boolean; model: string | null };
      expect(health).toMatchObject({ ready: true, model: null });
      const dense = await fetch(`${server.url}/api/search?q=${encodeURIComponent('售电公司注册条件')}&retriever=dense`);
      expect(dense.status).toBe(503);
      expect(((await dense.json()) as { error: { code: string } }).error.code).toBe('DENSE_UNAVAILABLE');
      expect((await fetch(`${server.url}/api/search?q=${encodeURIComponent('售电公司注册条件')}`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
