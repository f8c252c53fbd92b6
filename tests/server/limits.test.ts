/** Rate limits with real processes: `policy-qa serve` with two workers shares one budget per client. */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { spawnServe } from '../helpers/serve-process.ts';

/** A GET on a connection of its own, so that the primary hands each to the next worker in turn. */
function getOnNewConnection(url: string): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve › rate limits across workers', () => {
  it('should give a client RATE_LIMIT_PER_MINUTE requests in all, not per worker (regression), and never limit /api/health', async () => {
    const server = await spawnServe({ WORKERS: '2', RATE_LIMIT_PER_MINUTE: '8' });
    try {
      await server.waitForLog('ready', 2);
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await getOnNewConnection(`${server.url}/api/documents`)).status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(8);
      expect(statuses.slice(8)).toEqual(statuses.slice(8).map(() => 429));
      for (let i = 0; i < 20; i++) expect((await getOnNewConnection(`${server.url}/api/health`)).status).toBe(200);
    } finally {
      server.kill('SIGKILL');
      await server.exited;
    }
  });
});
