/**
 * The package as a LangChain user gets it: built JavaScript and types from `npm run build` (run by the
 * test set-up when a source changed), imported as `policy-qa` under plain `node` (no tsx), against a
 * real server on 127.0.0.1 and in-process.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const run = promisify(execFile);
const node = (args: string[]) => run(process.execPath, args, { cwd: PROJECT_ROOT, env: { ...process.env, LOG_LEVEL: 'silent' } });
/** A module run by plain node from the repository, where `policy-qa` resolves to the package itself. */
const script = (source: string) => node(['--input-type=module', '-e', source]);

describe('package exports', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  describe('the README example against a running server', () => {
    it('should print the clauses the server finds, cited', async () => {
      const { stdout } = await node(['examples/langchain-retriever.mjs', server.url, '售电公司注册需要多少资产？']);
      const hits = await (await fetch(`${server.url}/api/search?k=3&q=${encodeURIComponent('售电公司注册需要多少资产？')}`)).json() as { results: { docTitle: string; clause: string }[] };
      expect(stdout).toContain(`[1] ${hits.results[0]?.docTitle} › ${hits.results[0]?.clause}`);
      expect(stdout.trim().split('\n').filter((line) => /^\[\d\]/u.test(line))).toHaveLength(3);
    });
  });

  describe('PolicyQaRetriever over HTTP', () => {
    it('should pass k and filters to the server, refuse an empty query and report the server\'s error code', async () => {
      const { stdout } = await script(`
        import { PolicyQaRetriever } from 'policy-qa';
        const retriever = new PolicyQaRetriever({ baseUrl: ${JSON.stringify(server.url)}, k: 4, filters: { region: '吉林' } });
        const documents = await retriever.invoke('企业开办');
        const empty = await retriever.invoke('  ').then(() => 'answered', (error) => error.code);
        const refused = await new PolicyQaRetriever({ baseUrl: ${JSON.stringify(server.url)}, filters: { docId: 'x'.repeat(5000) } }).invoke('企业开办').then(() => 'answered', (error) => error.message);
        console.log(JSON.stringify({ count: documents.length, sources: [...new Set(documents.map((d) => d.metadata.source))], empty, refused }));
      `);
      const result = JSON.parse(stdout) as { count: number; sources: string[]; empty: string; refused: string };
      const expected = await (await fetch(`${server.url}/api/search?k=4&region=${encodeURIComponent('吉林')}&q=${encodeURIComponent('企业开办')}`)).json() as { results: { source: string }[] };
      expect(result).toMatchObject({ count: 4, sources: [...new Set(expected.results.map((hit) => hit.source))], empty: 'BAD_REQUEST', refused: expect.stringContaining('BAD_REQUEST') });
    });
  });

  describe('the in-process retriever', () => {
    it('should open the library itself and answer like the searcher', async () => {
      const { stdout } = await script(`
        import { openLocalRetriever } from 'policy-qa';
        const retriever = await openLocalRetriever({ k: 2 });
        const documents = await retriever.invoke('售电公司注册需要多少资产？');
        const empty = await retriever.invoke('').then(() => 'answered', (error) => error.code);
        retriever.close();
        console.log(JSON.stringify({ ids: documents.map((d) => d.id), empty }));
      `);
      const hits = await server.runtime.searcher().search('售电公司注册需要多少资产？', { k: 2 });
      expect(JSON.parse(stdout)).toEqual({ ids: hits.map((hit) => hit.chunk.id), empty: 'BAD_REQUEST' });
    });
  });
});
