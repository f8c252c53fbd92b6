/**
 * Whether the library answers a question at all, from retrieval evidence alone: how much of the
 * question the best clauses cover, and whether the library has documents for the places it names.
 */
import type { SearchHit } from '../search/searcher.ts';
import { getJieba } from '../search/tokenize.ts';
import { type QuestionProfile, coverage } from './question.ts';

export interface Evidence {
  /** Best share of the question's term weight found in one retrieved clause with its context. */
  bestCoverage: number;
  /** Places the question names that no document of the library is about. */
  unknownPlaces: string[];
}

/** A city or county named as one word (`兰州市`; jieba keeps 上市, 入市 apart). */
const CITY_WORD = /^([\u4e00-\u9fa5]{2,4})(?:市|县)$/u;
const NOT_A_NAME = /[城超集本全各该我当每个哪]/u;

export function gatherEvidence(question: string, profile: QuestionProfile, hits: readonly SearchHit[], libraryPlaces: ReadonlySet<string>): Evidence {
  const context = (hit: SearchHit) => `${hit.chunk.docTitle} ${hit.document.region ?? ''} ${hit.chunk.clause} ${hit.chunk.text}`;
  const bestCoverage = Math.max(0, ...hits.map((hit) => coverage(profile, context(hit))));
  const cities = getJieba().cut(question, true).map((word) => CITY_WORD.exec(word)?.[1]).filter((name): name is string => name !== undefined && !NOT_A_NAME.test(name));
  const known = (name: string) => [...libraryPlaces].some((place) => name.endsWith(place) || place.endsWith(name));
  const unknownPlaces = [...new Set([...profile.places, ...cities])].filter((name) => !known(name));
  return { bestCoverage, unknownPlaces };
}
