/**
 * Start-up with real processes: a first build runs in a child process while the server answers health and
 * the page; a start killed mid-build recovers at the next start; unusable folders stop the start at once.
 */
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import { spawnServe } from '../helpers/serve-process.ts';

/** A poll waits this long for an answer: generous on a shared 2-core machine, far below a blocked build. */
const POLL_TIMEOUT_MS = 2500;

interface Health {
  ready: boolean;
  stage: string;
  model: string | null;
}

async function poll(url: string): Promise<Health | 'unanswered' | 'refused'> {
  try {
    return (await (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(POLL_TIMEOUT_MS) })).json()) as Health;
  } catch (error) {
    return error instanceof Error && error.name === 'TimeoutError' ? 'unanswered' : 'refused';
  }
}

describe('serve › start-up', () => {
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'policy-qa-startup-'));
    await mkdir(path.join(work, 'seeds'));
    // Two of the seeds: a build of some seconds, long enough to be caught in it.
    for (const seed of ['001_199d0941f1e6859e.txt', '004_2c8552e253d88ceb.txt']) await cp(path.join(PROJECT_ROOT, 'seeds', seed), path.join(work, 'seeds', seed));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  describe('during a first build', () => {
    it('should answer health (ready:false and the stage) and the page throughout, recover from a kill mid-build, then serve the dense index', async () => {
      const env = { WORKERS: '1', LIBRARY_DIR: path.join(work, 'seeds'), EMBEDDINGS_DIR: path.join(work, 'embeddings'), DATA_DIR: path.join(work, 'data') };
      const killed = await spawnServe(env);
      await killed.waitForLog(/^built-in model: /u);
      killed.kill('SIGKILL');
      await killed.exited;

      const server = await spawnServe(env);
      try {
        const polls: (Health | 'unanswered' | 'refused')[] = [];
        let page = 0;
        for (let last = await poll(server.url); ; last = await poll(server.url)) {
          polls.push(last);
          if (typeof last === 'object' && !last.ready && page === 0) page = (await fetch(`${server.url}/`, { signal: AbortSignal.timeout(POLL_TIMEOUT_MS) })).status;
          if (typeof last === 'object' && last.ready) break;
          if (polls.length > 600) throw new Error('not ready after 600 polls');
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        const answered = polls.slice(polls.findIndex((result) => typeof result === 'object'));
        expect(answered.filter((result) => typeof result !== 'object')).toEqual([]);
        const building = answered.filter((result): result is Health => typeof result === 'object' && !result.ready);
        expect(building.length).toBeGreaterThan(0);
        expect(building.some((health) => health.stage.startsWith('building'))).toBe(true);
        expect(building.some((health) => /^building: built-in model: /u.test(health.stage))).toBe(true);
        expect(page).toBe(200);
        expect(answered.at(-1)).toMatchObject({ ready: true, stage: 'ready', model: expect.stringMatching(/^builtin@/u) });
        expect((await readdir(path.join(work, 'embeddings'))).filter((name) => name.startsWith('.'))).toEqual([]);
      } finally {
        server.kill('SIGKILL');
        await server.exited;
      }
    }, 240_000);
  });

  describe('when a folder cannot be written', () => {
    for (const key of ['EMBEDDINGS_DIR', 'DATA_DIR']) {
      it(`should stop at once with a message naming ${key} and exit non-zero`, async () => {
        const file = path.join(work, `a-file-${key}`);
        await writeFile(file, 'not a folder');
        const configured = path.join(file, 'under');
        const server = await spawnServe({ WORKERS: '1', [key]: configured });
        expect(await server.exited).not.toBe(0);
        expect(server.stderr()).toContain(`${key}=${configured} cannot be written`);
        expect(server.lines.map((line) => line.msg)).not.toContain('library parsed');
      });
    }
  });
});
