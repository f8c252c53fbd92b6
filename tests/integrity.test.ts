import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type FileContent, MANIFEST_FILE, removeAbandonedFolders, writeFolderAtomically } from '../src/atomic-folder.ts';
import { DamagedFileError, FileRecordsSchema, readSealedManifest, readVerified, verifyAll } from '../src/integrity.ts';
import { garble, halve } from './helpers/damage.ts';

const Manifest = z.object({ format: z.number(), kind: z.string(), files: FileRecordsSchema });

describe('stored folder integrity', () => {
  let work: string;
  let folder: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'policy-qa-integrity-'));
    folder = path.join(work, 'store');
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  const write = () => writeFolderAtomically(folder, new Map<string, FileContent>([
    ['a.bin', new Uint8Array(20_000).fill(7)],
    ['b.json', JSON.stringify({ words: ['营商', '环境'] })],
    ['nested/c.bin', (file: string) => writeFile(file, new Uint8Array(9000).fill(3))],
  ]), { manifest: { format: 2, kind: 'test' } });
  const manifest = async () => (await readSealedManifest(path.join(folder, MANIFEST_FILE), Manifest, 2))!;

  describe('when the files are as written', () => {
    it('should record every file, including those a callback wrote, and verify them', async () => {
      const records = await write();
      expect(Object.keys(records).sort()).toEqual(['a.bin', 'b.json', 'nested/c.bin']);
      expect(records['nested/c.bin']?.size).toBe(9000);
      expect((await manifest()).files).toEqual(records);
      await expect(verifyAll(folder, records)).resolves.toBeUndefined();
    });

    it('should read a manifest of an older format as none, not as damage: it is rebuilt like a stale one', async () => {
      await write();
      expect(await readSealedManifest(path.join(folder, MANIFEST_FILE), Manifest, 3)).toBeNull();
    });

    it('should find no manifest in a folder never written', async () => {
      expect(await readSealedManifest(path.join(work, 'nothing', MANIFEST_FILE), Manifest, 2)).toBeNull();
    });
  });

  describe('when a file is damaged', () => {
    it('should name a garbled file of unchanged size', async () => {
      await write();
      await garble(path.join(folder, 'a.bin'));
      const error = await readVerified(folder, 'a.bin', (await manifest()).files).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DamagedFileError);
      expect((error as DamagedFileError).file).toBe(path.join(folder, 'a.bin'));
    });

    it('should find a file garbled after it was checked, even with its times set back', async () => {
      // A start checks a file twice (to decide on a build, then to load it) and hashes an unchanged one once.
      const records = await write();
      const file = path.join(folder, 'a.bin');
      // Whole seconds, so that setting them back restores them exactly.
      const then = new Date('2026-01-01T00:00:00Z');
      await utimes(file, then, then);
      await expect(verifyAll(folder, records)).resolves.toBeUndefined();
      await expect(readVerified(folder, 'a.bin', records)).resolves.toHaveLength(20_000);
      await garble(file);
      await utimes(file, then, then);
      expect((await stat(file)).mtimeMs).toBe(then.getTime());
      await expect(verifyAll(folder, records)).rejects.toThrow(/a\.bin is damaged: its sha256 differs/u);
      await expect(readVerified(folder, 'a.bin', records)).rejects.toBeInstanceOf(DamagedFileError);
    });

    it('should name a truncated file', async () => {
      await write();
      await halve(path.join(folder, 'nested/c.bin'));
      await expect(verifyAll(folder, (await manifest()).files)).rejects.toThrow(/nested\/c\.bin is damaged: 4500 bytes/u);
    });

    it('should refuse a manifest whose content was altered', async () => {
      await write();
      await garble(path.join(folder, MANIFEST_FILE));
      await expect(manifest()).rejects.toBeInstanceOf(DamagedFileError);
    });
  });
});

describe('temporary folders of interrupted builds', () => {
  it('should remove those of dead processes and keep those of a live build', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'policy-qa-abandoned-'));
    try {
      // Pid 2^22 + 1 is above Linux's pid_max: no process has it.
      const dead = path.join(dir, '.index.tmp-4194305-abc');
      const live = path.join(dir, `.lexical.tmp-${process.pid}-def`);
      const stale = path.join(dir, `.builtin-model.old-${process.pid}-ghi`);
      for (const folder of [dead, live, stale, path.join(dir, 'index')]) await mkdir(folder);
      const hourAgo = new Date(Date.now() - 3_600_000);
      await utimes(stale, hourAgo, hourAgo);
      expect((await removeAbandonedFolders(dir)).sort()).toEqual([stale, dead].sort());
      expect((await readdir(dir)).sort()).toEqual([path.basename(live), 'index'].sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
