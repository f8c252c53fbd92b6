import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../src/library/library.ts';
import { type ParsedFile, decodeSeed, parseSeedText } from '../../src/library/parse-file.ts';
import type { Chunk } from '../../src/library/schema.ts';
import { normalize, seedName, seedText, withoutPageMarkers } from './seeds.ts';

const MB = 1024 * 1024;
const GOOD_POLICY = ['某市优化营商环境若干措施', '一、总体要求', '坚持市场化、法治化、国际化原则。', '二、主要任务', '（一）深化商事制度改革。推行企业开办全程网上办。'].join('\n');

function expectWithinLimit(chunks: Chunk[]): void {
  expect(chunks.length).toBeGreaterThan(0);
  for (const chunk of chunks) expect(normalize(chunk.text).length).toBeLessThanOrEqual(800);
}

function expectNoLoss(parsed: ParsedFile, text: string): void {
  expect(normalize(parsed.chunks.map((chunk) => chunk.text).join('')) === normalize(withoutPageMarkers(text))).toBe(true);
}

describe('library input that is not a well-formed seed', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'policy-qa-library-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('an empty file', () => {
    it.each([['nothing', ''], ['blank lines', ' \n\n\t\r\n\u3000\n'], ['only page markers', '# Page 1:\n\n# Page 2:\n']])(
      'should warn and give no document for %s',
      (_, text) => {
        const parsed = parseSeedText('empty.txt', text);
        expect(parsed.documents).toEqual([]);
        expect(parsed.chunks).toEqual([]);
        expect(parsed.warnings).toEqual([expect.stringMatching(/^empty\.txt: empty file/u)]);
      },
    );

    it('should warn about it in a library and still load the other files', async () => {
      const folder = await mkdtemp(path.join(dir, 'empty-'));
      await writeFile(path.join(folder, 'empty.txt'), '');
      await writeFile(path.join(folder, 'good.txt'), GOOD_POLICY);
      const lib = await loadLibrary(folder);
      expect(lib.warnings).toEqual([expect.stringContaining('empty.txt')]);
      expect(lib.documents.map((doc) => doc.source)).toEqual(['good.txt']);
    });
  });

  describe('binary bytes', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    // 营商 in GBK: not UTF-8, and no NUL byte to give it away.
    const gbk = Uint8Array.from([0xd3, 0xaa, 0xc9, 0xcc, 0xbb, 0xb7, 0xbe, 0xb3]);

    it('should be refused by decodeSeed with a reason', () => {
      expect(decodeSeed(png)).toEqual({ error: expect.stringMatching(/binary/u) });
      expect(decodeSeed(gbk)).toEqual({ error: expect.stringMatching(/UTF-8/u) });
    });

    it('should decode UTF-8 text and drop a byte order mark', () => {
      expect(decodeSeed(new TextEncoder().encode('\uFEFF第一条 总则'))).toEqual({ text: '第一条 总则' });
    });

    it('should be skipped with a warning by loadLibrary, the other files loaded', async () => {
      const folder = await mkdtemp(path.join(dir, 'binary-'));
      await writeFile(path.join(folder, 'scan.txt'), png);
      await writeFile(path.join(folder, 'gbk.md'), gbk);
      await writeFile(path.join(folder, 'good.txt'), GOOD_POLICY);
      await writeFile(path.join(folder, 'image.png'), png);
      const lib = await loadLibrary(folder);
      expect(lib.files).toEqual(['gbk.md', 'good.txt', 'scan.txt']);
      expect(lib.warnings).toEqual([expect.stringMatching(/^gbk\.md: skipped/u), expect.stringMatching(/^scan\.txt: skipped/u)]);
      expect(new Set(lib.chunks.map((chunk) => chunk.source))).toEqual(new Set(['good.txt']));
    });
  });

  describe('a file with no headings', () => {
    const paragraph = '各地区各部门要持续优化营商环境，切实降低市场主体制度性交易成本，不断激发市场活力和社会创造力。';
    const text = Array.from({ length: 60 }, (_, k) => `${paragraph}（第${k + 1}段）`).join('\n');

    it('should fall back to one document, with a warning, in chunks of at most 800 characters', () => {
      const parsed = parseSeedText('plain.txt', text);
      expect(parsed.documents).toHaveLength(1);
      expect(parsed.warnings).toEqual([expect.stringMatching(/^plain\.txt: no clause headings found/u)]);
      expect(parsed.chunks.length).toBeGreaterThan(3);
      expectWithinLimit(parsed.chunks);
      expectNoLoss(parsed, text);
    });
  });

  describe('CRLF line ends', () => {
    it.each(['000', '002'])('should give seed %s the same documents and clauses as with LF, offsets on the CRLF text', (prefix) => {
      const lf = seedText(prefix);
      const crlf = lf.replace(/\n/gu, '\r\n');
      const a = parseSeedText(seedName(prefix), lf);
      const b = parseSeedText(seedName(prefix), crlf);
      expect(b.documents).toEqual(a.documents);
      expect(b.warnings).toEqual(a.warnings);
      expect(b.chunks.map(({ start, end, ...rest }) => rest)).toEqual(a.chunks.map(({ start, end, ...rest }) => rest));
      // Each LF offset moves by one per line break before it.
      const breaks = [...lf.matchAll(/\n/gu)].map((match) => match.index);
      const breaksBefore = (offset: number): number => {
        let [low, high] = [0, breaks.length];
        while (low < high) {
          const mid = (low + high) >> 1;
          if ((breaks[mid] ?? Infinity) < offset) low = mid + 1;
          else high = mid;
        }
        return low;
      };
      b.chunks.forEach((chunk, k) => {
        const original = a.chunks[k] as Chunk;
        expect(chunk.start).toBe(original.start + breaksBefore(original.start));
        expect(chunk.end).toBe(original.end + breaksBefore(original.end));
        expect(crlf.slice(chunk.start, chunk.end).replace(/\r/gu, '')).toBe(lf.slice(original.start, original.end));
      });
    });
  });

  describe('a file of one short line repeated', () => {
    // Regression: two quadratic steps, in finding running headers and in joining a clause's wrapped lines.
    it('should be parsed in one pass, the repeats between sentence halves left out as a running header', () => {
      const text = Array.from({ length: 200_000 }, (_, i) => (i % 2 ? '营商智库每周政策汇编资料' : `第${i}段正文在此处继续`)).join('\n') + '\n结束。';
      const started = performance.now();
      const parsed = parseSeedText('repeated.txt', text);
      // A functional bound, as above: ~2 s alone; collecting the repeats by copying, and reading the last character
      // of a clause grown line by line (which flattens it), each made this take minutes.
      expect(performance.now() - started).toBeLessThan(30_000);
      expect(parsed.skipped).toHaveLength(100_000);
      expectWithinLimit(parsed.chunks);
    }, 30_000);
  });

  describe('a 10 MB line', () => {
    // Regression: splitting lines with a regex overflowed the stack on a 10 MB line, and giving
    // identical chunks distinct ids took quadratic time.
    const sentence = '优化营商环境是激发市场活力的重要举措，各级政府应当持续推进简政放权、放管结合、优化服务改革。';
    const cases: Array<[string, string]> = [
      ['of repeated sentences', sentence.repeat(Math.ceil((10 * MB) / Buffer.byteLength(sentence)))],
      // Ten million UTF-16 units with no sentence end before the last: the size that broke the regex.
      ['of Latin letters with no space, ending in a Chinese full stop', `${'x'.repeat(10 * MB - 3)}。`],
    ];

    it.each(cases)('should be cut into chunks of at most 800 characters, none lost, quickly: a line %s', (_, text) => {
      expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(10 * MB);
      expect(text).not.toContain('\n');
      const started = performance.now();
      const parsed = parseSeedText('huge.txt', text);
      // A functional bound, not a speed measure: ~3 s alone, a quadratic scan would take hours; 30 s leaves
      // room for five developers' tests sharing two cores.
      expect(performance.now() - started).toBeLessThan(30_000);
      expectWithinLimit(parsed.chunks);
      expectNoLoss(parsed, text);
      expect(new Set(parsed.chunks.map((chunk) => chunk.id)).size).toBe(parsed.chunks.length);
      expect(parsed.chunks.at(-1)?.end).toBe(text.length);
    }, 30_000);
  });

  describe('a library folder that is not there', () => {
    it('should reject with a message that names the folder', async () => {
      const missing = path.join(dir, 'no-such-folder');
      await expect(loadLibrary(missing)).rejects.toThrow(`cannot read the policy library folder ${missing}: ENOENT`);
    });

    it('should warn that a folder without seed files gives an empty library', async () => {
      const folder = await mkdtemp(path.join(dir, 'none-'));
      const lib = await loadLibrary(folder);
      expect(lib.chunks).toEqual([]);
      expect(lib.warnings).toEqual([expect.stringContaining('the library is empty')]);
    });
  });
});
