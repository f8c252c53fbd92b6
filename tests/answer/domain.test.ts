/** How much a word belongs to the library: its share of the seeds' passages against jieba's general corpus. */
import { beforeAll, describe, expect, it } from 'vitest';
import { isPolicyWord, specificity } from '../../src/answer/domain.ts';
import type { LexicalIndex } from '../../src/search/lexical.ts';
import { seedsRuntime } from '../helpers/seeds-runtime.ts';

describe('domain specificity', () => {
  let lexical: LexicalIndex;
  beforeAll(async () => {
    lexical = (await seedsRuntime()).runtime.searcher().lexical;
  });

  it('should rank policy words far above everyday words the library also has', () => {
    for (const word of ['营业执照', '报装']) {
      for (const everyday of ['公司', '员工']) expect(specificity(lexical, word)).toBeGreaterThan(specificity(lexical, everyday) + 3);
    }
  });

  it('should call policy words what the library uses far more than everyday language', () => {
    expect(['营业执照', '报装', '注销'].filter((word) => isPolicyWord(lexical, word))).toHaveLength(3);
    expect(['公司', '员工', '最近'].filter((word) => isPolicyWord(lexical, word))).toEqual([]);
  });

  it('should count a library word that the general dictionary lacks as specific, and ignore what the library lacks', () => {
    expect(lexical.generalShare('惠企')).toBeNull();
    expect(specificity(lexical, '惠企')).toBe(Infinity);
    expect(lexical.hasWord('失眠')).toBe(false);
    expect(specificity(lexical, '失眠')).toBe(-Infinity);
    // A lone character or a number says nothing of the domain.
    expect(specificity(lexical, '税')).toBe(-Infinity);
    expect(specificity(lexical, '2023')).toBe(-Infinity);
  });
});
