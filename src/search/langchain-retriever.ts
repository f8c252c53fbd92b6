/** The searcher as a LangChain retriever, in-process, so it composes with LangChain chains. */
import { type CallbackManagerForRetrieverRun } from '@langchain/core/callbacks/manager';
import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import { AppError } from '../errors.ts';
import type { RetrieverKind, SearchFilters, Searcher } from './searcher.ts';

/** What both retrievers put in a Document: the clause and where it is cited from. */
export function clauseDocument(clause: { id: string; text: string; docId?: string; docTitle: string; clause: string; page: number | null; source: string; region?: string | null; score: number }): Document {
  const { id, text, ...metadata } = clause;
  return new Document({ pageContent: text, id, metadata });
}

/** The API answers an empty `q` with 400; a retriever must not return arbitrary clauses for it either. */
export function emptyQueryError(): AppError {
  return new AppError('BAD_REQUEST', 'the query is empty: give the question or words to search for');
}

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
    if (query.trim() === '') throw emptyQueryError();
    const hits = await this.searcher.search(query, { k: this.k, filters: this.filters, retriever: this.retriever });
    return hits.map(({ chunk, document, score }) => clauseDocument({
      id: chunk.id, text: chunk.text, docId: chunk.docId, docTitle: chunk.docTitle, clause: chunk.clause, page: chunk.page, source: chunk.source, region: document.region, score,
    }));
  }
}
