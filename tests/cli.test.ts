import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ChunkSchema, PolicyDocumentSchema } from '../src/library/schema.ts';

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
