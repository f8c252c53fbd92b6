import { beforeAll, describe, expect, it } from 'vitest';
import type { Library } from '../../src/library/library.ts';
import { parseSeedText } from '../../src/library/parse-file.ts';
import type { Chunk } from '../../src/library/schema.ts';
import { chunksOf, chunksQuoting, normalize, seedLibrary } from './seeds.ts';

const SALES_RULES = '国家发改委、能源局《售电公司管理办法》';
const SENTENCE_END = /[。！？；;!?]$/u;

let lib: Library;
let salesRules: Chunk[];
beforeAll(async () => {
  lib = await seedLibrary();
  salesRules = chunksOf(lib, '000').filter((chunk) => chunk.docTitle === SALES_RULES);
});

/** The one chunk of 售电公司管理办法 that quotes `quote`. */
function salesChunk(quote: string): Chunk {
  const found = chunksQuoting(salesRules, quote);
  expect(found, quote).toHaveLength(1);
  return found[0] as Chunk;
}

describe('library clauses', () => {
  describe('chapters, articles and items of 《售电公司管理办法》 (000)', () => {
    it('should cite 第五条 as 第二章 注册条件 › 第五条 in its own document', () => {
      const chunk = salesChunk('第五条 售电公司注册条件。');
      expect(chunk.docTitle).toBe(SALES_RULES);
      expect(chunk.clause).toMatch(/^第二章 注册条件 › 第五条(?: › （一）)?$/u);
    });

    it('should nest the numbered items of 第五条（二） under it', () => {
      expect(salesChunk('1. 资产总额不得低于 2 千万元人民币。').clause).toMatch(/^第二章 注册条件 › 第五条 › （二） › 1\./u);
      expect(salesChunk('（三）从业人员。').clause).toBe('第二章 注册条件 › 第五条 › （三）');
    });

    it('should put every chunk of the document under a chapter and an article', () => {
      expect(salesRules.length).toBeGreaterThan(40);
      for (const chunk of salesRules) expect(chunk.clause).toMatch(/^第[一二三四五六七八九十]+章 \S+ › 第[一二三四五六七八九十百]+条/u);
    });

    it('should label a merged run of tiny items by its first and last item', () => {
      expect(salesChunk('（一）企业更名或法定代表人变更。').clause).toBe('第三章 注册程序 › 第十四条 › （一）–（五）');
      for (const chunk of lib.chunks) expect((chunk.clause.split(' › ').at(-1) ?? '').split('–').length, chunk.clause).toBeLessThanOrEqual(2);
    });
  });

  describe('a clause longer than a chunk', () => {
    const sentence = '市场主体依法享有经营自主权，任何单位和个人不得干预应当由市场主体依法自主决定的事项。';
    const source = ['某市优化营商环境办法', '第一章 总则', `第一条 ${sentence.repeat(40)}`, '第二条 本办法自发布之日起施行。'].join('\n');

    it('should split it at sentence ends into parts that keep its path', () => {
      const { chunks } = parseSeedText('long.txt', source);
      const parts = chunks.filter((chunk) => chunk.clause === '第一章 总则 › 第一条');
      expect(parts.length).toBeGreaterThanOrEqual(3);
      for (const part of parts) {
        expect(normalize(part.text).length).toBeLessThanOrEqual(800);
        expect(part.text).toMatch(SENTENCE_END);
      }
      expect(chunks.at(-1)?.clause).toBe('第一章 总则 › 第二条');
    });

    it('should end every split part of the seeds at a sentence end', () => {
      const splitParts = lib.chunks.filter((chunk, k) => {
        const next = lib.chunks[k + 1];
        return next !== undefined && next.docId === chunk.docId && next.clause === chunk.clause;
      });
      expect(splitParts.length).toBeGreaterThan(5);
      for (const part of splitParts) expect(part.text, part.clause).toMatch(SENTENCE_END);
    });
  });
});
