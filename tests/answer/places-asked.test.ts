/** Places a question names, resolved against China's divisions and the real library (regressions from review). */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answerer } from '../../src/answer/answerer.ts';
import { createPlaceIndex, type PlaceIndex } from '../../src/answer/places-asked.ts';
import { seedsRuntime } from '../helpers/seeds-runtime.ts';

describe('answers › places asked', () => {
  let places: PlaceIndex;
  let answerer: Answerer;
  beforeAll(async () => {
    const { runtime } = await seedsRuntime();
    places = createPlaceIndex(runtime.searcher().documents, runtime.searcher().places);
    answerer = runtime.answerer();
  });

  it('should not take ordinary words that are also county names for places (合作, 城区, 郊区)', () => {
    for (const question of ['校企合作有哪些支持政策？', '城区的小微企业可以申请哪些补贴？', '矿区和郊区的企业能享受什么优惠？']) {
      expect(places.resolve(question).places, question).toEqual([]);
    }
  });

  it('should know a place the library lacks, and trace a named district to the city the question names', () => {
    expect(places.resolve('泉州的鞋服企业有什么补贴？').uncovered).toEqual(['泉州']);
    const nanshan = places.resolve('深圳南山区开办企业有什么补贴？');
    expect(nanshan.uncovered).toEqual([]);
    expect(nanshan.covered).toContain('深圳');
  });

  it('should answer for a district the library has documents of, not refuse its municipality (重庆万州)', () => {
    const asked = places.resolve('重庆万州对小微企业有什么支持？');
    expect(asked.uncovered).toEqual([]);
    expect(asked.covered).toContain('万州');
  });

  it('should make a question for an amount the clauses do not state partial, with only the citation it quotes', async () => {
    const answer = await answerer.answer({ question: '上海的营商环境创新试点给多少奖励资金？' });
    expect(answer.status).not.toBe('answered');
    const markers = new Set([...answer.answer.matchAll(/\[(\d+)\]/gu)].map((match) => Number(match[1])));
    expect(answer.citations.every((citation) => markers.has(citation.n))).toBe(true);
  });

  it('should let a complete question ending in 吗 stand alone after another topic', async () => {
    const history = [{ role: 'user' as const, content: '兰州市人才引进有哪些政策？' }, { role: 'assistant' as const, content: '……' }];
    const answer = await answerer.answer({ question: '个体工商户可以享受增值税减免吗？', history });
    expect(answer.query).toBe('个体工商户可以享受增值税减免吗？');
  });

  it('should swap an uncovered place into a follow-up instead of answering for the earlier one (那澄海呢？)', async () => {
    const history = [{ role: 'user' as const, content: '云南省对小微企业有什么补贴？' }, { role: 'assistant' as const, content: '……' }];
    const answer = await answerer.answer({ question: '那泉州呢？', history });
    expect(answer.query).toContain('泉州');
    expect(answer.query).not.toContain('云南');
    expect(answer.status).toBe('not_found');
  });

  it('should answer a date question that names its own document from that document, not the last one cited', async () => {
    const history = [{ role: 'user' as const, content: '银川市对小微企业用电报装有什么优惠？' }, { role: 'assistant' as const, content: '……' }];
    const answer = await answerer.answer({ question: '售电公司管理办法什么时候施行？', history });
    expect(answer.query).toBe('售电公司管理办法什么时候施行？');
    expect(answer.citations[0]?.docTitle).toContain('售电公司管理办法');
  });
});
