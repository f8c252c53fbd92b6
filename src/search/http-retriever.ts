/**
 * A LangChain retriever over a running policy-qa server's `GET /api/search`: for applications that
 * keep policy-qa as a service and compose its clauses into their own chains.
 */
import type { CallbackManagerForRetrieverRun } from '@langchain/core/callbacks/manager';
import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { clauseDocument, emptyQueryError } from './langchain-retriever.ts';
import type { RetrieverKind, SearchFilters } from './searcher.ts';

export interface PolicyQaRetrieverInput extends BaseRetrieverInput {
  /** The server's address, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** Clauses per query, 1–50 (default 5). */
  k?: number;
  filters?: SearchFilters;
  retriever?: RetrieverKind;
  /** A fetch to use instead of the global one (a proxy agent, auth headers). */
  fetch?: typeof fetch;
}

const SearchResponseSchema = z.object({
  results: z.array(z.object({
    id: z.string(), text: z.string(), docTitle: z.string(), clause: z.string(), page: z.number().nullable(), source: z.string(), score: z.number(),
  }).loose()),
});
const ErrorResponseSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export class PolicyQaRetriever extends BaseRetriever {
  lc_namespace = ['policy_qa', 'retrievers'];
  private readonly endpoint: URL;
  private readonly k: number;
  private readonly filters: SearchFilters | undefined;
  private readonly retriever: RetrieverKind;
  private readonly fetcher: typeof fetch;

  constructor(input: PolicyQaRetrieverInput) {
    super(input);
    this.endpoint = new URL('/api/search', input.baseUrl);
    this.k = input.k ?? 5;
    if (!Number.isInteger(this.k) || this.k < 1 || this.k > 50) throw new AppError('BAD_REQUEST', `k must be an integer from 1 to 50, got ${input.k}`);
    this.filters = input.filters;
    this.retriever = input.retriever ?? 'hybrid';
    this.fetcher = input.fetch ?? fetch;
  }

  override async _getRelevantDocuments(query: string, _runManager?: CallbackManagerForRetrieverRun): Promise<Document[]> {
    if (query.trim() === '') throw emptyQueryError();
    const url = new URL(this.endpoint);
    url.searchParams.set('q', query);
    url.searchParams.set('k', String(this.k));
    url.searchParams.set('retriever', this.retriever);
    // Several statuses go as one comma-separated value, as the search route reads them.
    for (const [name, value] of Object.entries(this.filters ?? {})) if (value !== undefined) url.searchParams.set(name, Array.isArray(value) ? value.join(',') : String(value));
    const response = await this.fetcher(url);
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const parsed = ErrorResponseSchema.safeParse(body);
      const detail = parsed.success ? `${parsed.data.error.code}: ${parsed.data.error.message}` : `HTTP ${response.status}`;
      throw new Error(`policy-qa search at ${this.endpoint.origin} failed: ${detail}`);
    }
    return SearchResponseSchema.parse(body).results.map((result) => clauseDocument(result));
  }
}
