/**
 * The admin API on the real server with two workers (`policy-qa serve`, WORKERS=2) over a small library
 * (one seed) and its real indexes: a policy written for the test is added as .txt and as .docx while the
 * server runs, found by a paraphrase from both workers, removed, and still as changed after a restart.
 *
 * Which worker answers: the primary hands connections to workers round-robin (Node's default on Linux),
 * and every poll opens a new connection, so a run of consecutive good answers covers both workers.
 */
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import { PARAPHRASE, PARAPHRASE_CLAUSE, POLICY_TEXT, POLICY_TITLE, policyDocx } from '../helpers/made-up-policy.ts';
import { type ServeProcess, spawnServe } from '../helpers/serve-process.ts';

const TOKEN = 'test-admin-token-0123456789';
const SEED = '001_199d0941f1e6859e.txt';
/** The target: searchable on every worker within 5 s of the upload's answer. */
const SEARCHABLE_WITHIN_MS = 5000;
/** Consecutive answers, each on a new connection, that must agree: several turns of both workers. */
const RUN = 6;

interface Hit {
  docId: string;
  docTitle: string;
  clause: string;
}

const auth = { authorization: `Bearer ${TOKEN}` };

async function search(url: string, query: string, params: Record<string, string> = {}): Promise<Hit[]> {
  const response = await fetch(`${url}/api/search?${new URLSearchParams({ q: query, k: '5', ...params })}`, { headers: { connection: 'close' } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { results: Hit[] }).results;
}

/** Polls until RUN consecutive searches agree with `expected`; the milliseconds it took. */
async function until(url: string, expected: (hits: Hit[]) => boolean): Promise<number> {
  const started = performance.now();
  let streak = 0;
  while (streak < RUN) {
    if (performance.now() - started > SEARCHABLE_WITHIN_MS) throw new Error(`not on every worker within ${SEARCHABLE_WITHIN_MS} ms`);
    streak = expected(await search(url, PARAPHRASE)) ? streak + 1 : 0;
  }
  return performance.now() - started;
}

const finds = (title: string) => (hits: Hit[]) => hits.some((hit) => hit.docTitle === title && hit.clause === PARAPHRASE_CLAUSE);
const lacks = (docId: string) => (hits: Hit[]) => hits.every((hit) => hit.docId !== docId);

describe('admin API › two workers serving while the library changes', () => {
  let work: string;
  let env: Record<string, string>;
  let server: ServeProcess;

  async function start(): Promise<ServeProcess> {
    const started = await spawnServe(env);
    await started.waitForLog(/^policy-qa listening on /u, 2, 120_000);
    return started;
  }

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'policy-qa-admin-'));
    await mkdir(path.join(work, 'seeds'));
    await cp(path.join(PROJECT_ROOT, 'seeds', SEED), path.join(work, 'seeds', SEED));
    env = { WORKERS: '2', ADMIN_TOKEN: TOKEN, LIBRARY_DIR: path.join(work, 'seeds'), EMBEDDINGS_DIR: path.join(work, 'embeddings'), DATA_DIR: path.join(work, 'data') };
    server = await start();
  }, 180_000);

  afterAll(async () => {
    server?.kill();
    await server?.exited;
    await rm(work, { recursive: true, force: true });
  });

  describe('feedback', () => {
    it('should list a changed vote once, with its latest rating, and keep every line in the file', async () => {
      const vote = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
      for (const rating of ['up', 'down']) {
        const response = await fetch(`${server.url}/api/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rating, question: '改过的评价', answer: '答', vote }) });
        expect(response.status).toBe(201);
      }
      const { feedback } = (await (await fetch(`${server.url}/api/admin/feedback`, { headers: auth })).json()) as { feedback: { question: string; rating: string }[] };
      expect(feedback.filter((entry) => entry.question === '改过的评价').map((entry) => entry.rating)).toEqual(['down']);
      const lines = (await readFile(path.join(work, 'data', 'feedback.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { vote?: string; rating: string });
      expect(lines.filter((line) => line.vote === vote).map((line) => line.rating)).toEqual(['up', 'down']);
    });

    it('should refuse a vote id that is not hex', async () => {
      const response = await fetch(`${server.url}/api/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rating: 'up', question: '问', answer: '答', vote: '<script>' }) });
      expect(response.status).toBe(400);
    });
  });

  describe('without the token', () => {
    it('should answer 401 to no token and to a wrong one, on every admin route', async () => {
      const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer not-the-token-at-all' }, { authorization: TOKEN }];
      for (const headers of attempts) {
        for (const [method, route] of [['GET', 'documents'], ['POST', 'documents'], ['DELETE', 'documents/0123456789'], ['POST', 'rebuild'], ['GET', 'feedback']] as const) {
          const response = await fetch(`${server.url}/api/admin/${route}`, { method, headers });
          expect([route, response.status, ((await response.json()) as { error: { code: string } }).error.code]).toEqual([route, 401, 'UNAUTHORIZED']);
        }
      }
    });
  });

  describe('a .txt policy sent as JSON', () => {
    let docId = '';

    it('should answer 201 with its documents, then be found by a paraphrase on every worker within 5 s', async () => {
      const response = await fetch(`${server.url}/api/admin/documents`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ filename: '云溪市跨境电商.txt', content: POLICY_TEXT }),
      });
      expect(response.status).toBe(201);
      const { documents } = (await response.json()) as { documents: { id: string; title: string; source: string; chunks: number }[] };
      expect(documents).toMatchObject([{ title: POLICY_TITLE, source: 'uploads/云溪市跨境电商.txt' }]);
      docId = documents[0]?.id ?? '';
      await until(server.url, finds(POLICY_TITLE));
      // Both workers loaded the library with the new document (the seed holds one).
      const loaded = server.lines.filter((line) => line.msg === 'library parsed' && line.documents === 2);
      expect(new Set(loaded.map((line) => line.pid)).size).toBe(2);
    });

    it('should answer a question with the clause cited', async () => {
      const response = await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: PARAPHRASE }) });
      const answer = (await response.json()) as { citations: Hit[]; refused: boolean };
      expect(answer.refused).toBe(false);
      expect(answer.citations.some((citation) => citation.docTitle === POLICY_TITLE && citation.clause === PARAPHRASE_CLAUSE)).toBe(true);
    });

    it('should be gone from every worker after DELETE', async () => {
      const response = await fetch(`${server.url}/api/admin/documents/${docId}`, { method: 'DELETE', headers: auth });
      expect(response.status).toBe(200);
      await until(server.url, lacks(docId));
      const again = await fetch(`${server.url}/api/admin/documents/${docId}`, { method: 'DELETE', headers: auth });
      expect(again.status).toBe(404);
    });
  });

  describe('a .docx policy sent as a multipart upload', () => {
    let docId = '';

    it('should be found by the paraphrase on every worker within 5 s', async () => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(await policyDocx())]), '云溪市跨境电商.docx');
      const response = await fetch(`${server.url}/api/admin/documents`, { method: 'POST', headers: auth, body: form });
      expect(response.status).toBe(201);
      docId = ((await response.json()) as { documents: { id: string }[] }).documents[0]?.id ?? '';
      await until(server.url, finds(POLICY_TITLE));
    });

    it('should narrow results by its year, its id and the facets /api/documents offers', async () => {
      const documents = (await (await fetch(`${server.url}/api/documents`)).json()) as { documents: { id: string; region: string | null }[]; facets: { year: { value: string; count: number }[]; region: { value: string }[] } };
      expect(documents.facets.year).toContainEqual({ value: '2026', count: 1 });
      const filters: Record<string, string>[] = [{ year: '2026' }, { docId }];
      for (const filter of filters) {
        const hits = await search(server.url, '补贴', filter);
        expect(hits.length).toBeGreaterThan(0);
        expect(hits.every((hit) => hit.docId === docId)).toBe(true);
      }
      const seedRegion = documents.documents.find((document) => document.id !== docId)?.region;
      expect(seedRegion).toBeTruthy();
      const elsewhere = await search(server.url, PARAPHRASE, { region: seedRegion ?? '' });
      expect(elsewhere.length).toBeGreaterThan(0);
      expect(elsewhere.some((hit) => hit.docId === docId)).toBe(false);
      const ask = await fetch(`${server.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: PARAPHRASE, filters: { year: 2026, status: ['in_force', 'trial'] } }) });
      const answer = (await ask.json()) as { citations: Hit[] };
      expect(answer.citations.length).toBeGreaterThan(0);
      expect(answer.citations.every((citation) => citation.docId === docId)).toBe(true);
    });

    it('should still be served, and the removed .txt still gone, after a restart', async () => {
      server.kill();
      expect(await server.exited).toBe(0);
      server = await start();
      const { documents } = (await (await fetch(`${server.url}/api/admin/documents`, { headers: auth })).json()) as { documents: { id: string; source: string }[] };
      expect(documents.map((document) => document.source).filter((source) => source.startsWith('uploads/'))).toEqual(['uploads/云溪市跨境电商.docx']);
      await until(server.url, finds(POLICY_TITLE));
      // Nothing was embedded again at the restart: both indexes were loaded as the change left them.
      expect(server.lines.filter((line) => /index (built|updated)$/u.test(line.msg))).toEqual([]);
    }, 120_000);
  });
});
