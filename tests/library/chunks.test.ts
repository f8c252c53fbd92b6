import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/library/library.ts';
import { parseSeedText } from '../../src/library/parse-file.ts';
import { ChunkSchema, PolicyDocumentSchema } from '../../src/library/schema.ts';
import { SEEDS_DIR, chunksOf, chunksQuoting, covers, normalize, pageAt, seedLibrary, seedName, seedText, withoutPageMarkers } from './seeds.ts';

const SEED_PREFIXES = readdirSync(SEEDS_DIR).filter((file) => /\.(txt|md)$/iu.test(file)).map((file) => file.slice(0, 3));

let lib: Library;
beforeAll(async () => {
  lib = await seedLibrary();
});

describe('library chunks', () => {
  describe('the seed folder', () => {
    it('should parse all five seed files without a warning', () => {
      expect(SEED_PREFIXES).toEqual(['000', '001', '002', '003', '004']);
      expect(lib.files).toHaveLength(5);
      expect(lib.warnings).toEqual([]);
    });
  });

  describe.each(SEED_PREFIXES)('the text of seed %s', (prefix) => {
    const text = seedText(prefix);

    it('should land in the chunks, in order, apart from page markers and the table of contents', () => {
      const parsed = parseSeedText(seedName(prefix), text);
      let content = text;
      for (const [start, end] of [...parsed.skipped].sort((a, b) => b[0] - a[0])) content = content.slice(0, start) + content.slice(end);
      const expected = normalize(withoutPageMarkers(content));
      const actual = normalize(parsed.chunks.map((chunk) => chunk.text).join(''));
      expect(actual.length).toBe(expected.length);
      // Comparing a window around the first difference keeps a failure readable.
      let at = 0;
      while (at < expected.length && actual[at] === expected[at]) at++;
      expect(actual.slice(Math.max(0, at - 20), at + 40)).toBe(expected.slice(Math.max(0, at - 20), at + 40));
      expect(actual === expected).toBe(true);
    });

    it('should point every chunk at its own text by offsets, chunks in file order', () => {
      const chunks = chunksOf(lib, prefix);
      const { skipped } = parseSeedText(seedName(prefix), text);
      // A running header inside a chunk's span is skipped, not content.
      const spanText = (start: number, end: number) => skipped
        .filter(([from, to]) => from >= start && to <= end)
        .sort((a, b) => b[0] - a[0])
        .reduce((span, [from, to]) => span.slice(0, from - start) + span.slice(to - start), text.slice(start, end));
      expect(chunks.length).toBeGreaterThan(0);
      chunks.forEach((chunk, k) => {
        expect(chunk.start).toBeLessThan(chunk.end);
        if (k > 0) expect(chunk.start).toBeGreaterThanOrEqual((chunks[k - 1]?.end ?? 0));
        expect(normalize(withoutPageMarkers(spanText(chunk.start, chunk.end))), chunk.clause).toBe(normalize(chunk.text));
      });
    });

    it('should keep every chunk at most 800 normalized characters and never empty', () => {
      for (const chunk of chunksOf(lib, prefix)) {
        const size = normalize(chunk.text).length;
        expect(size, chunk.clause).toBeGreaterThan(0);
        expect(size, chunk.clause).toBeLessThanOrEqual(800);
      }
    });
  });

  describe('running headers', () => {
    it('should leave out a compilation\'s running header that splits sentences, and join the halves', () => {
      expect(seedText('000').split('营商智库：每周政策汇编（11.22-11.28）').length - 1).toBe(3);
      const texts = chunksOf(lib, '000').map((chunk) => normalize(chunk.text));
      expect(texts.filter((chunk) => chunk.includes('每周政策汇编（11.22-11.28）'))).toEqual([]);
      expect(texts.some((chunk) => chunk.includes('及时移交有关部门严肃问责处理'))).toBe(true);
      expect(texts.some((chunk) => chunk.includes('采购人应当在政府采购合同签订后2个工作日内'))).toBe(true);
    });

    it('should keep lines that recur as content: deadlines, headings, notes, terms', () => {
      const text = ['一、总体要求', '各地要加强领导。', '完成时限：2023 年12 月底前', '一、总体要求', '做好衔接。', '完成时限：2023 年12 月底前',
        '推进“放管服”', '“放管服”', '改革。推进', '“放管服”', '改革。'].join('\n');
      const parsed = parseSeedText('000_lines.txt', text);
      expect(parsed.skipped).toEqual([]);
      expect(normalize(parsed.chunks.map((chunk) => chunk.text).join(''))).toBe(normalize(text));
    });
  });

  describe('pages of the PDF extractions (002, 004)', () => {
    it.each(['002', '004'])('should give every chunk of %s the pages of its first and last character', (prefix) => {
      const pageOf = pageAt(seedText(prefix));
      const chunks = chunksOf(lib, prefix);
      expect(chunks.length).toBeGreaterThan(100);
      for (const chunk of chunks) {
        expect(chunk.pages, chunk.clause).toEqual([pageOf(chunk.start), pageOf(chunk.end - 1)]);
        expect(chunk.page).toBe(chunk.pages?.[0]);
      }
    });

    it('should map quotes from page 1480 of 002 to a chunk covering page 1480', () => {
      const text = seedText('002');
      const pageOf = pageAt(text);
      const chunks = chunksOf(lib, '002');
      for (const quote of ['陕政办发〔2023〕11 号', '2024 年底前，总结跨部门综合监管工作经验，持续完善并推动更多监管事项纳入跨部门综合监管事项清单']) {
        // Fixture check: the quote's first line really is on page 1480 of the seed.
        expect(pageOf(text.indexOf(quote.split('，')[0] ?? quote))).toBe(1480);
        const found = chunksQuoting(chunks, quote);
        expect(found, quote).toHaveLength(1);
        expect(covers(found[0]!, 1480), quote).toBe(true);
      }
      const next = chunksQuoting(chunks, '全面建立省市县三级跨部门综合监管事项清单。');
      expect(next[0]?.pages?.[1]).toBe(1481);
    });

    it('should give no pages to the seeds without page markers', () => {
      for (const prefix of ['000', '001', '003']) expect(chunksOf(lib, prefix).every((chunk) => chunk.pages === null && chunk.page === null)).toBe(true);
    });
  });

  describe('ids and records', () => {
    it('should give every chunk a unique id', () => {
      expect(new Set(lib.chunks.map((chunk) => chunk.id)).size).toBe(lib.chunks.length);
      expect(new Set(lib.documents.map((doc) => doc.id)).size).toBe(lib.documents.length);
    });

    it('should give the same ids when the same text is parsed again', () => {
      for (const prefix of SEED_PREFIXES) {
        const again = parseSeedText(seedName(prefix), seedText(prefix));
        expect(again.chunks.map((chunk) => chunk.id)).toEqual(chunksOf(lib, prefix).map((chunk) => chunk.id));
        expect(again.documents.map((doc) => doc.id)).toEqual(lib.documents.filter((doc) => doc.source === seedName(prefix)).map((doc) => doc.id));
      }
    });

    it('should change only the id of the chunk whose text changed', () => {
      const text = seedText('001');
      const before = parseSeedText(seedName('001'), text).chunks;
      const target = before[20]!;
      // A character mid-clause, so no heading marker or sentence end moves.
      const middle = target.start + Math.floor((target.end - target.start) / 2);
      const at = middle + text.slice(middle, target.end).search(/\p{Script=Han}/u);
      const edited = text.slice(0, at) + (text[at] === '市' ? '县' : '市') + text.slice(at + 1);
      const after = parseSeedText(seedName('001'), edited).chunks;
      expect(after).toHaveLength(before.length);
      const changed = after.map((chunk, k) => (chunk.id === before[k]?.id ? null : k)).filter((k) => k !== null);
      expect(changed).toEqual([20]);
    });

    it('should match the chunk and document schemas, and count each document its chunks and pages', () => {
      for (const chunk of lib.chunks) ChunkSchema.parse(chunk);
      for (const doc of lib.documents) {
        PolicyDocumentSchema.parse(doc);
        const own = lib.chunks.filter((chunk) => chunk.docId === doc.id);
        expect(own.length, doc.title).toBe(doc.chunks);
        expect(own.every((chunk) => chunk.docTitle === doc.title && chunk.source === doc.source)).toBe(true);
        const pages = own.flatMap((chunk) => chunk.pages ?? []);
        expect(doc.pages).toEqual(pages.length > 0 ? [Math.min(...pages), Math.max(...pages)] : null);
      }
    });
  });
});
