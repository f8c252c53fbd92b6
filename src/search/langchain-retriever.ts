/** The searcher as a LangChain retriever, so it composes with LangChain chains. */
import { type CallbackManagerForRetrieverRun } from '@langchain/core/callbacks/manager';
import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import type { RetrieverKind, SearchFilters, Searcher } from './searcher.ts';

export interface PolicyRetrieverInput extends BaseRetrieverInput {
  searcher: Searcher;
  k?: number;
  filters?: SearchFilters;
  retriever?: RetrieverKind;
}

export class PolicyRetriever extends BaseRetriever {
  lc_namespace = ['policy_qa', 'retrievers'];
  private readonly searcher: Searcher;
  private readonly k: number;
  private readonly filters: SearchFilters | undefined;
  private readonly retriever: RetrieverKind;

  constructor(input: PolicyRetrieverInput) {
    super(input);
    this.searcher = input.searcher;
    this.k = input.k ?? 5;
    this.filters = input.filters;
    this.retriever = input.retriever ?? 'hybrid';
  }

  override async _getRelevantDocuments(query: string, _runManager?: CallbackManagerForRetrieverRun): Promise<Document[]> {
    const hits = await this.searcher.search(query, { k: this.k, filters: this.filters, retriever: this.retriever });
    return hits.map(({ chunk, document, score }) => new Document({
      pageContent: chunk.text,
      id: chunk.id,
      metadata: { docId: chunk.docId, docTitle: chunk.docTitle, clause: chunk.clause, page: chunk.page, source: chunk.source, region: document.region, score },
    }));
  }
}
