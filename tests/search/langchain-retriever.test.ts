import { RunnableLambda } from '@langchain/core/runnables';
import { beforeAll, describe, expect, it } from 'vitest';
import { PolicyRetriever } from '../../src/search/langchain-retriever.ts';
import type { Searcher } from '../../src/search/searcher.ts';
import { seedsRuntime } from '../helpers/seeds-runtime.ts';

describe('LangChain retriever', () => {
  let searcher: Searcher;
  beforeAll(async () => {
    searcher = (await seedsRuntime()).runtime.searcher();
  });

  it('should return the searcher\'s clauses as documents with citation metadata', async () => {
    const retriever = new PolicyRetriever({ searcher, k: 3 });
    const documents = await retriever.invoke('售电公司入市交易前要交的履约保函额度怎么算');
    const hits = await searcher.search('售电公司入市交易前要交的履约保函额度怎么算', { k: 3 });
    expect(documents.map((document) => document.id)).toEqual(hits.map((hit) => hit.chunk.id));
    expect(documents[0]?.metadata).toMatchObject({ docTitle: hits[0]?.chunk.docTitle, clause: hits[0]?.chunk.clause, source: hits[0]?.chunk.source });
  });

  it('should compose with other runnables and honour filters', async () => {
    const chain = new PolicyRetriever({ searcher, k: 4, filters: { region: '吉林' } }).pipe(RunnableLambda.from((documents: { metadata: Record<string, unknown> }[]) => documents.map((document) => document.metadata.region)));
    expect(await chain.invoke('企业开办')).toEqual(['吉林', '吉林', '吉林', '吉林']);
  });
});
