/**
 * The answerability decision on real clauses of the seeds, in orders retrieval may give them: which place's
 * clauses may answer, and when a figure of the subsidy asked about stands in them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decide, gatherEvidence, statesAskedFigure } from '../../src/answer/answerability.ts';
import { libraryWords } from '../../src/answer/domain.ts';
import { createPlaceIndex, type PlaceIndex } from '../../src/answer/places-asked.ts';
import { profileQuestion } from '../../src/answer/question.ts';
import type { Searcher, SearchHit } from '../../src/search/searcher.ts';
import { seedsRuntime } from '../helpers/seeds-runtime.ts';

describe('answerability', () => {
  let searcher: Searcher;
  let places: PlaceIndex;
  beforeAll(async () => {
    searcher = (await seedsRuntime()).runtime.searcher();
    places = createPlaceIndex(searcher.documents, searcher.places);
  });

  /** The first clause retrieval finds for `query` whose document's title has `titleWord`. */
  async function clause(query: string, titleWord: string): Promise<SearchHit> {
    const hit = (await searcher.search(query, { k: 20 })).find((candidate) => candidate.document.title.includes(titleWord));
    if (!hit) throw new Error(`no clause of a ${titleWord} document for ${query}`);
    return hit;
  }

  function decision(question: string, hits: readonly SearchHit[]) {
    const asked = places.resolve(question);
    const profile = profileQuestion(question, (word) => searcher.lexical.wordIdf(word), asked.places.flatMap((place) => [place.written, place.name]));
    return decide(profile, asked, gatherEvidence(profile, asked, hits), libraryWords(searcher.lexical));
  }

  it('should answer from the asked place\'s clause below two of another place\'s when it is as close to the question', async () => {
    const question = '深圳的工厂产品拿到了大湾区碳排放标签认证，能给多少钱？';
    const [guangzhou, shenzhen] = [await clause('碳排放权交易 绿色金融', '广州'), await clause('粤港澳大湾区碳足迹标识认证', '深圳')];
    const others = (await searcher.search('碳排放权交易 绿色金融', { k: 20 })).filter((hit) => hit.document.title.includes('广州') && hit.chunk.id !== guangzhou.chunk.id);
    const answered = decision(question, [guangzhou, others[0] as SearchHit, shenzhen]);
    expect(answered.status).not.toBe('not_found');
    expect(answered.evidence[0]?.hit.document.title).toContain('深圳');
    // A clause of the place that is far from the question does not: the other place's clauses are all there is.
    const far = await clause('深圳 首问负责 窗口服务', '深圳');
    expect(decision(question, [guangzhou, others[0] as SearchHit, far])).toMatchObject({ status: 'not_found', reason: 'other-places' });
  });

  it('should refuse a question whose asked part names only things the library never writes, however close the rest is', async () => {
    // The first sentence shares the clauses' words (企业, 补贴); what is asked (割肉, 股票) the library never writes.
    const question = '企业发的补贴我拿去买了股票，现在亏了，要不要割肉？';
    const hits = await searcher.search(question, { k: 5 });
    expect(decision(question, hits)).toMatchObject({ status: 'not_found', reason: 'no-matter', evidence: [] });
    // A compound the library writes in parts (银行 + 利息) is known: the decision goes on to the clauses.
    const covered = '个体工商户申请创业担保贷款，银行利息能补吗？';
    expect(profileQuestion(covered, (word) => searcher.lexical.wordIdf(word), []).askedNouns.map((noun) => noun.word)).toContain('银行利息');
    expect(decision(covered, await searcher.search(covered, { k: 5 })).reason).not.toBe('no-matter');
  });

  it('should read any word of money given as the subsidy asked for (奖励 asked, 资助 written)', async () => {
    const question = '深圳企业通过粤港澳大湾区碳足迹标识认证，政府奖励多少钱？';
    const profile = profileQuestion(question, (word) => searcher.lexical.wordIdf(word), ['深圳']);
    expect(profile.focus).toBe('奖励');
    expect(statesAskedFigure(profile, '鼓励企业践行低碳转型，对通过粤港澳大湾区碳足迹标识认证的，按每张证书予以最高10万元资助。')).toBe(true);
    expect(statesAskedFigure(profile, '开展碳足迹认证等绿色认证活动，服务企业300家。')).toBe(false);
  });
});
