/** What a question asks for: its weighted terms, the places it names, and the kind of answer it wants. */
import { words } from '../search/tokenize.ts';

export interface QuestionTerm {
  word: string;
  weight: number;
}

export interface QuestionProfile {
  terms: QuestionTerm[];
  totalWeight: number;
  /** Places named in the question (provinces, cities of the library). */
  places: string[];
  /** Asks for an amount, a ratio, a deadline or a date. */
  wantsNumber: boolean;
  /** Asks for an enumeration ("哪些", "分别"): a longer answer is fine. */
  wantsList: boolean;
}

const NUMBER_QUESTION = /(多少|几[个天年月日项条次类种家倍]?|多久|多长|多大|比例|金额|额度|时限|期限|什么时候|何时|哪年|哪一年|几时|日前|上限|下限|最高|最低|最多|最少)/u;
const LIST_QUESTION = /(哪些|哪几|分别|包括什么|有什么|列举|都有)/u;

export function profileQuestion(question: string, idf: (word: string) => number, places: ReadonlySet<string>): QuestionProfile {
  const named = [...places].filter((place) => question.includes(place));
  // A named city also names its province's text ("西安" in "陕西"): keep the longest distinct names.
  const distinct = named.filter((place) => !named.some((other) => other !== place && other.includes(place)));
  const seen = new Set<string>();
  const terms: QuestionTerm[] = [];
  // Places are matched against documents, not clause text: leave them out of the terms.
  const withoutPlaces = distinct.reduce((text, place) => text.replace(new RegExp(`${place}(省|市|县|区|自治区)?`, 'gu'), ' '), question);
  for (const word of words(withoutPlaces)) {
    if (seen.has(word)) continue;
    seen.add(word);
    terms.push({ word, weight: idf(word) });
  }
  // Search mode repeats parts of long words (工商户 → 工商, 商户); the longest carries the weight.
  const kept = terms.filter((term) => !terms.some((other) => other.word.length > term.word.length && other.word.includes(term.word)));
  return {
    terms: kept,
    totalWeight: kept.reduce((sum, term) => sum + term.weight, 0),
    places: distinct,
    wantsNumber: NUMBER_QUESTION.test(question),
    wantsList: LIST_QUESTION.test(question),
  };
}

/** Share of the question's term weight that a text contains (0…1). */
export function coverage(profile: QuestionProfile, text: string): number {
  if (profile.totalWeight === 0) return 0;
  let covered = 0;
  for (const term of profile.terms) if (text.includes(term.word)) covered += term.weight;
  return covered / profile.totalWeight;
}
