/**
 * A LangChain retriever over a running policy-qa server's `GET /api/search`: for applications that
 * keep policy-qa as a service and compose its clauses into their own chains.
 */
import { z } from 'zod';
import { type ClauseHit, ClauseRetriever, type ClauseRetrieverInput } from './langchain-retriever.ts';

export interface PolicyQaRetrieverInput extends ClauseRetrieverInput {
  /** The server's address, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** A fetch to use instead of the global one (a proxy agent, auth headers). */
  fetch?: typeof fetch;
}

const SearchResponseSchema = z.object({
  results: z.array(z.object({
    id: z.string(), text: z.string(), docTitle: z.string(), clause: z.string(), page: z.number().nullable(), source: z.string(), score: z.number(),
  }).loose()),
});
const ErrorResponseSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export class PolicyQaRetriever extends ClauseRetriever {
  private readonly endpoint: URL;
  private readonly fetcher: typeof fetch;

  constructor(input: PolicyQaRetrieverInput) {
    super(input);
    this.endpoint = new URL('/api/search', input.baseUrl);
    this.fetcher = input.fetch ?? fetch;
  }

  protected async find(query: string): Promise<ClauseHit[]> {
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
    return SearchResponseSchema.parse(body).results;
  }
}
