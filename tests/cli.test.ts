import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ChunkSchema, PolicyDocumentSchema } from '../src/library/schema.ts';
import { PARAPHRASE_CLAUSE, POLICY_TEXT, POLICY_TITLE } from './helpers/made-up-policy.ts';

const run = promisify(execFile);
const CLI = new URL('../src/cli/policy-qa.mjs', import.meta.url).pathname;

describe('policy-qa command line', () => {
  describe('ingest --json', () => {
    it('should print one JSON object with every document and the chunk count', async () => {
      const { stdout } = await run(process.execPath, [CLI, 'ingest', '--json'], { maxBuffer: 64 * 1024 * 1024 });
      const parsed = JSON.parse(stdout) as { documents: unknown[]; chunks: number };
      const documents = parsed.documents.map((document) => PolicyDocumentSchema.parse(document));
      expect(documents.filter((document) => document.source.startsWith('000_')).length).toBeGreaterThanOrEqual(18);
      expect(parsed.chunks).toBe(documents.reduce((sum, document) => sum + document.chunks, 0));
    });
  });

  describe('inventory --json', () => {
    it('should score the parsed documents against eval/documents.jsonl: all 107 titled documents found', async () => {
      const { stdout } = await run(process.execPath, [CLI, 'inventory', '--json']);
      const score = JSON.parse(stdout) as { titled: number; found: number; fields: Record<string, { of: number; right: number }> };
      expect(score).toMatchObject({ titled: 107, found: 107 });
      for (const field of ['title', 'date', 'docNumber', 'region', 'city']) expect(score.fields[field]?.right, field).toBeGreaterThanOrEqual(0.98 * (score.fields[field]?.of ?? 1));
    });

    it('should say which line of an inventory is not JSON, with exit code 2', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'policy-qa-cli-'));
      await writeFile(path.join(dir, 'inventory.jsonl'), '{not json\n');
      const failure = await run(process.execPath, [CLI, 'inventory', '--set', path.join(dir, 'inventory.jsonl')]).catch((error: { code: number; stderr: string }) => error);
      expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining('inventory.jsonl:1: not JSON') });
    });
  });

  describe('add, remove', () => {
    it('should add a policy file to uploads/, find it, remove it for good, and refuse what it cannot do with exit 2', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'policy-qa-cli-library-'));
      await mkdir(path.join(dir, 'seeds'));
      await writeFile(path.join(dir, 'policy.txt'), POLICY_TEXT);
      // Lexical only (no such model): the library change is what is tested, in seconds.
      const env = { ...process.env, LIBRARY_DIR: path.join(dir, 'seeds'), EMBEDDINGS_DIR: path.join(dir, 'embeddings'), DATA_DIR: path.join(dir, 'data'), EMBEDDING_MODEL: path.join(dir, 'no-model'), LOG_LEVEL: 'silent' };
      const added = await run(process.execPath, [CLI, 'add', path.join(dir, 'policy.txt')], { env });
      const id = /^added (\S+) {2}(.+?) {2}/u.exec(added.stdout);
      expect(id?.[2]).toBe(POLICY_TITLE);
      expect(await readdir(path.join(dir, 'seeds', 'uploads'))).toEqual(['policy.txt']);
      const found = await run(process.execPath, [CLI, 'search', '海外仓 补贴', '--k', '1', '--json'], { env });
      expect(found.stdout).toContain(PARAPHRASE_CLAUSE);
      expect((await run(process.execPath, [CLI, 'remove', id?.[1] ?? ''], { env })).stdout).toContain(`removed ${id?.[1]}`);
      expect(await readdir(path.join(dir, 'seeds', 'uploads'))).toEqual([]);
      for (const args of [['remove', '0000000000'], ['add', path.join(dir, 'missing.txt')], ['add', path.join(dir, 'seeds')]]) {
        const failure = await run(process.execPath, [CLI, ...args], { env }).catch((error: { code: number; stderr: string }) => error);
        expect(failure, args.join(' ')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^policy-qa: /u) });
      }
    }, 60_000);
  });

  describe('chunks --jsonl', () => {
    it('should print every chunk as one JSON object a line, with pages on the paged sources', async () => {
      const { stdout } = await run(process.execPath, [CLI, 'chunks', '--jsonl'], { maxBuffer: 64 * 1024 * 1024 });
      const chunks = stdout.trim().split('\n').map((line) => ChunkSchema.strict().parse(JSON.parse(line)));
      expect(chunks.length).toBeGreaterThan(2000);
      for (const chunk of chunks.filter((c) => /^00[24]_/u.test(c.source))) expect(chunk.pages).not.toBeNull();
    });
  });

  describe('with a bad environment', () => {
    it('should stop with exit code 2 and name the variable', async () => {
      const failure = await run(process.execPath, [CLI, 'ingest'], { env: { ...process.env, PORT: 'x' } }).catch((error: { code: number; stderr: string }) => error);
      expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining('PORT') });
    });
  });

  describe('ingest on a library with odd files', () => {
    it('should warn about a binary file and still parse the rest', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'policy-qa-cli-'));
      await writeFile(path.join(dir, 'a.txt'), '关于测试的通知\n一、总则\n（一）本办法自发布之日起施行。');
      await writeFile(path.join(dir, 'b.txt'), Buffer.from([0, 1, 2, 255, 254]));
      const { stdout } = await run(process.execPath, [CLI, 'ingest'], { env: { ...process.env, LIBRARY_DIR: dir } });
      expect(stdout).toContain('a.txt: 1 document, ');
      expect(stdout).toMatch(/warning: b\.txt: skipped/u);
    });
  });
});
