/** The searcher as LangChain retrievers, in-process or over HTTP, so clauses compose with LangChain chains. */
import type { CallbackManagerForRetrieverRun } from '@langchain/core/callbacks/manager';
import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import { AppError } from '../errors.ts';
import type { RetrieverKind, SearchFilters, Searcher } from './searcher.ts';

/** A clause as both retrievers hand it over: the text as the page content, where it is cited from as metadata. */
export interface ClauseHit {
  id: string;
  text: string;
  docId?: string;
  docTitle: string;
  clause: string;
  page: number | null;
  source: string;
  region?: string | null;
  score: number;
}

export interface ClauseRetrieverInput extends BaseRetrieverInput {
  /** Clauses per query, 1–50 (default 5), as the API allows. */
  k?: number;
  filters?: SearchFilters;
  retriever?: RetrieverKind;
}

/** What both retrievers share: options checked once, an empty query refused as the API refuses it. */
export abstract class ClauseRetriever extends BaseRetriever {
  lc_namespace = ['policy_qa', 'retrievers'];
  protected readonly k: number;
  protected readonly filters: SearchFilters | undefined;
  protected readonly retriever: RetrieverKind;

  constructor(input: ClauseRetrieverInput) {
    super(input);
    this.k = input.k ?? 5;
    if (!Number.isInteger(this.k) || this.k < 1 || this.k > 50) throw new AppError('BAD_REQUEST', `k must be an integer from 1 to 50, got ${input.k}`);
    this.filters = input.filters;
    this.retriever = input.retriever ?? 'hybrid';
  }

  protected abstract find(query: string): Promise<ClauseHit[]>;

  override async _getRelevantDocuments(query: string, _runManager?: CallbackManagerForRetrieverRun): Promise<Document[]> {
    if (query.trim() === '') throw new AppError('BAD_REQUEST', 'the query is empty: give the question or words to search for');
    return (await this.find(query)).map(({ id, text, ...metadata }) => new Document({ pageContent: text, id, metadata }));
  }
}

export interface PolicyRetrieverInput extends ClauseRetrieverInput {
  searcher: Searcher;
}

/** In-process, over a searcher (see `openLocalRetriever` for one with its set-up done). */
export class PolicyRetriever extends ClauseRetriever {
  private readonly searcher: Searcher;

  constructor(input: PolicyRetrieverInput) {
    super(input);
    this.searcher = input.searcher;
  }

  protected async find(query: string): Promise<ClauseHit[]> {
    const hits = await this.searcher.search(query, { k: this.k, filters: this.filters, retriever: this.retriever });
    return hits.map(({ chunk, document, score }) => ({
      id: chunk.id, text: chunk.text, docId: chunk.docId, docTitle: chunk.docTitle, clause: chunk.clause, page: chunk.page, source: chunk.source, region: document.region, score,
    }));
  }
}
