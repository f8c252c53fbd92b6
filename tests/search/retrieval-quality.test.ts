import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateRetrievers, readQuestionSet, type RetrieverReport } from '../../src/eval/run-eval.ts';
import type { Searcher } from '../../src/search/searcher.ts';
import { seedsRuntime } from '../helpers/seeds-runtime.ts';
import { DEV_SET } from '../library/seeds.ts';


describe('retrieval on the dev set (built-in model, real index)', () => {
  let searcher: Searcher;
  let reports: Map<string, RetrieverReport>;

  beforeAll(async () => {
    searcher = (await seedsRuntime()).runtime.searcher();
    const questions = await readQuestionSet(DEV_SET);
    reports = new Map((await evaluateRetrievers(searcher, questions, 10)).map((report) => [report.retriever, report]));
  });

  it('should run all three retrievers', () => {
    expect([...reports.keys()].sort()).toEqual(['dense', 'hybrid', 'lexical']);
  });

  it('should put a gold clause in the hybrid top five for at least 90% of answerable questions', () => {
    expect(reports.get('hybrid')?.overall.hit5).toBeGreaterThanOrEqual(0.9);
  });

  it('should reach hybrid hit@5 of 0.8 on paraphrases and MRR@10 of 0.75 overall', () => {
    const hybrid = reports.get('hybrid');
    expect(hybrid?.byType.paraphrase?.hit5).toBeGreaterThanOrEqual(0.8);
    expect(hybrid?.overall.mrr10).toBeGreaterThanOrEqual(0.75);
  });

  it('should rank paraphrase answers higher with the dense signal than lexical alone', () => {
    expect(reports.get('hybrid')?.byType.paraphrase?.mrr10).toBeGreaterThan(reports.get('lexical')?.byType.paraphrase?.mrr10 ?? 1);
  });

  it('should beat the BM25 reference of fixed windows (hit@5 0.75, MRR 0.58)', () => {
    expect(reports.get('hybrid')?.overall.hit5).toBeGreaterThan(0.75);
    expect(reports.get('hybrid')?.overall.mrr10).toBeGreaterThan(0.58);
  });
});

describe('search filters', () => {
  let searcher: Searcher;
  beforeAll(async () => {
    searcher = (await seedsRuntime()).runtime.searcher();
  });

  it('should return only clauses of the region asked for', async () => {
    const hits = await searcher.search('企业开办时间压缩', { k: 10, filters: { region: '吉林' } });
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(hit.document.region).toBe('吉林');
  });

  it('should return only clauses of one document when a docId is given', async () => {
    const document = searcher.documents.find((doc) => doc.title.includes('售电公司管理办法'));
    const hits = await searcher.search('履约保函', { k: 5, filters: { docId: document?.id } });
    expect(hits.length).toBe(5);
    for (const hit of hits) expect(hit.chunk.docId).toBe(document?.id);
  });

  it('should return nothing for a region the library does not have', async () => {
    expect(await searcher.search('企业开办', { k: 5, filters: { region: '火星' } })).toEqual([]);
  });
});
