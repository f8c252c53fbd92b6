import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addFile, LibraryChangeError, removeDocument } from '../../src/library/changes.ts';
import { loadLibrary } from '../../src/library/library.ts';
import { PARAPHRASE_CLAUSE, POLICY_TEXT, POLICY_TITLE, pdfWithoutText, policyDocx } from '../helpers/made-up-policy.ts';
import { SEEDS_DIR, seedName } from './seeds.ts';

describe('library changes', () => {
  let dir: string;
  const seed = seedName('001_');

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'policy-qa-changes-'));
    await cp(path.join(SEEDS_DIR, seed), path.join(dir, seed));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  describe('when a file is added', () => {
    it('should keep a .txt in uploads/ and parse its documents with their clauses', async () => {
      const { source, documents } = await addFile(dir, '../云溪.txt', Buffer.from(POLICY_TEXT));
      expect(source).toBe('uploads/云溪.txt');
      expect(documents.map((document) => [document.title, document.docNumber, document.date])).toEqual([[POLICY_TITLE, '云政办发〔2026〕12号', '2026-01-05']]);
      const library = await loadLibrary(dir);
      expect(library.chunks.find((chunk) => chunk.clause === PARAPHRASE_CLAUSE && chunk.source === source)?.text).toContain('海外仓');
    });

    it('should read a .docx as the same document', async () => {
      const { documents } = await addFile(dir, 'yunxi.docx', await policyDocx());
      const library = await loadLibrary(dir);
      expect(documents[0]?.title).toBe(POLICY_TITLE);
      expect(library.chunks.filter((chunk) => chunk.docId === documents[0]?.id).map((chunk) => chunk.clause)).toContain(PARAPHRASE_CLAUSE);
    });

    it('should refuse a PDF without a text layer, an unknown kind and an empty text, writing nothing', async () => {
      await expect(addFile(dir, 'scan.pdf', pdfWithoutText())).rejects.toMatchObject({ code: 'UNREADABLE_FILE', message: expect.stringMatching(/no text layer/u) });
      await expect(addFile(dir, 'tool.exe', Buffer.from('MZ'))).rejects.toBeInstanceOf(LibraryChangeError);
      await expect(addFile(dir, 'empty.txt', Buffer.from('  \n'))).rejects.toMatchObject({ code: 'UNREADABLE_FILE' });
      expect(await readdir(dir)).toEqual([seed]);
    });

    it('should ignore a temporary file a crash left in uploads/', async () => {
      await mkdir(path.join(dir, 'uploads'));
      await writeFile(path.join(dir, 'uploads', '.yunxi.txt.123-ab.tmp'), POLICY_TEXT.slice(0, 40));
      expect((await loadLibrary(dir)).files).toEqual([seed]);
    });
  });

  describe('when a document is removed', () => {
    it('should record a seed document in removed.json and leave the seed file as it was', async () => {
      const before = await readFile(path.join(dir, seed));
      const library = await loadLibrary(dir);
      const [first] = library.documents;
      await removeDocument(dir, library, first?.id ?? '');
      const after = await loadLibrary(dir);
      expect(after.documents.map((document) => document.id)).not.toContain(first?.id);
      expect(after.chunks.some((chunk) => chunk.docId === first?.id)).toBe(false);
      expect(await readFile(path.join(dir, seed))).toEqual(before);
      expect(JSON.parse(await readFile(path.join(dir, 'removed.json'), 'utf8'))).toEqual({ format: 1, documents: [first?.id] });
    });

    it('should delete an uploaded file, and a removed document uploaded again should come back', async () => {
      const { documents } = await addFile(dir, 'yunxi.txt', Buffer.from(POLICY_TEXT));
      await removeDocument(dir, await loadLibrary(dir), documents[0]?.id ?? '');
      expect(await readdir(path.join(dir, 'uploads'))).toEqual([]);
      await addFile(dir, 'yunxi.txt', Buffer.from(POLICY_TEXT));
      expect((await loadLibrary(dir)).documents.map((document) => document.title)).toContain(POLICY_TITLE);
    });

    it('should say so for an unknown id', async () => {
      await expect(removeDocument(dir, await loadLibrary(dir), '0000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
});
