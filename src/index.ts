/** What the `policy-qa` package exports: LangChain retrievers over the policy library. */
export { PolicyQaRetriever, type PolicyQaRetrieverInput } from './search/http-retriever.ts';
export { type ClauseHit, ClauseRetriever, type ClauseRetrieverInput, PolicyRetriever, type PolicyRetrieverInput } from './search/langchain-retriever.ts';
export { openLocalRetriever, type LocalRetriever, type LocalRetrieverOptions } from './local-retriever.ts';
export type { RetrieverKind, SearchFilters, Searcher, SearchHit, SearchOptions } from './search/searcher.ts';
