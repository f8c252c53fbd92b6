/**
 * The load a running server gets in the bench: GET /api/health as the floor the HTTP stack sets, then
 * POST /api/ask with every question new and with questions repeating, and GET /api/search with new
 * queries, at each concurrency. The floor is measured at the same concurrency just before, so a ratio
 * compares two runs seconds apart on the same server.
 */
import { load, type LoadResult, type RequestKind } from './http-bench.ts';
import { newQuestion } from './variants.ts';

export interface SuiteRow extends LoadResult {
  /** This run's throughput over the floor's at the same concurrency. */
  ofFloor: number;
}

/** Searches draw new questions from far past the asks' so the two never share a query (the query-vector cache is shared). */
const SEARCH_SERIALS_FROM = 1_000_000;

/** The request kinds; each keeps its own count across runs, so a new question is never sent twice in a bench. */
export function requestKinds(questions: readonly string[]): Record<string, RequestKind> {
  let asked = 0;
  let searched = SEARCH_SERIALS_FROM;
  let repeated = 0;
  return {
    'GET /api/health (floor)': { method: 'GET', next: () => ({ path: '/api/health' }) },
    'POST /api/ask, every question new': { method: 'POST', next: () => ({ path: '/api/ask', body: { question: newQuestion(questions, asked++) } }) },
    'POST /api/ask, questions repeating': { method: 'POST', next: () => ({ path: '/api/ask', body: { question: questions[repeated++ % questions.length] } }) },
    'GET /api/search, every query new': { method: 'GET', next: () => ({ path: `/api/search?k=10&q=${encodeURIComponent(newQuestion(questions, searched++))}` }) },
  };
}

/** Every kind at every concurrency; `seconds` each, after a short warm-up of each kind. */
export async function runSuite(url: string, questions: readonly string[], options: { seconds: number; concurrency: readonly number[] }): Promise<SuiteRow[]> {
  const kinds = Object.entries(requestKinds(questions));
  for (const [name, kind] of kinds) await load(name, url, kind, { connections: 4, seconds: 1 });
  const rows: SuiteRow[] = [];
  for (const connections of options.concurrency) {
    let floor = Number.NaN;
    for (const [name, kind] of kinds) {
      const result = await load(name, url, kind, { connections, seconds: options.seconds });
      if (Number.isNaN(floor)) floor = result.requestsPerSecond;
      rows.push({ ...result, ofFloor: result.requestsPerSecond / floor });
    }
  }
  return rows;
}
