/**
 * Whether the library answers a question, from retrieval evidence alone. Word overlap cannot decide it
 * (paraphrases share few words with their clause); what can: the places a question names (a library
 * with no document of that place, or retrieved clauses all from elsewhere, has no provision for it),
 * and for a question that asks for an amount or a deadline, whether any retrieved clause of the right
 * place states one.
 */
import { NATIONAL } from '../library/places.ts';
import { isAbout, type SearchHit } from '../search/searcher.ts';
import { getJieba } from '../search/tokenize.ts';
import { type QuestionProfile, coverage } from './question.ts';
import { splitSentences, withoutListMarker } from './sentences.ts';

export type RefusalReason = 'off-topic' | 'no-hits' | 'unknown-place' | 'other-places' | 'no-figure';

export interface Evidence {
  /** Places the question names that no document of the library is about. */
  unknownPlaces: string[];
  /** Why the library does not answer, or null when it does. */
  reason: RefusalReason | null;
}

/** A place jieba tags as one (`ns`): 兰州市, 云南省 — not 地级市, 示范县, 上市. */
const PLACE_WORD = /^([\u4e00-\u9fa5]{2,6}?)(?:省|市|县)$/u;
const NOT_A_NAME = /[本全各该我当每个哪]/u;
/** A figure: digits, a Chinese count with a unit, a percentage, money or a time span. */
const HAS_QUANTITY = /\d|[一二三四五六七八九十百千万两半][个天年月日项条次类种家倍元]|[％%]|元|工作日|小时/u;
/** A question naming a place needs a clause of that place among the best this many. */
const LOCAL_WITHIN = 2;
/** A local clause this close to the question that states no figure means the library leaves the figure open. */
const ON_TOPIC_COVERAGE = 0.6;

export function statesFigure(sentence: string): boolean {
  // List numbers (`49.`, `（三）`) are not figures.
  return HAS_QUANTITY.test(withoutListMarker(sentence));
}

export function gatherEvidence(question: string, profile: QuestionProfile, hits: readonly SearchHit[], library: { places: ReadonlySet<string>; hasWord(word: string): boolean }): Evidence {
  const libraryPlaces = library.places;
  const cities = getJieba().tag(question, true)
    .filter((token) => token.tag === 'ns')
    .map((token) => PLACE_WORD.exec(token.word)?.[1])
    .filter((name): name is string => name !== undefined && !NOT_A_NAME.test(name));
  const known = (name: string) => [...libraryPlaces].some((place) => name.endsWith(place) || place.endsWith(name));
  const unknownPlaces = [...new Set([...profile.places, ...cities])].filter((name) => !known(name));
  // Not one word of the question occurs in the library (你好, a question in English): not a policy question.
  if (!profile.terms.some((term) => library.hasWord(term.word))) return { unknownPlaces, reason: 'off-topic' };
  if (hits.length === 0) return { unknownPlaces, reason: 'no-hits' };
  // National documents apply in every place: a place without documents of its own is still answered by them.
  const national = (hit: SearchHit) => hit.document.region === NATIONAL;
  const best = hits.slice(0, LOCAL_WITHIN);
  if (unknownPlaces.length > 0 && !best.some(national)) return { unknownPlaces, reason: 'unknown-place' };
  const isLocal = (hit: SearchHit) => profile.places.length === 0 || national(hit) || profile.places.some((place) => isAbout(hit.document, place));
  const local = hits.filter(isLocal);
  // The two best clauses come from other places' documents: the matter is handled elsewhere, not here.
  if (!best.some(isLocal)) return { unknownPlaces, reason: 'other-places' };
  if (profile.wantsNumber) {
    const onTopic = local.filter((hit) => coverage(profile, hit.chunk.text, true) >= ON_TOPIC_COVERAGE);
    const leavesFigureOpen = onTopic.length > 0 && onTopic.every((hit) => !splitSentences(hit.chunk.text).some((sentence) => statesFigure(sentence.text)));
    if (leavesFigureOpen) return { unknownPlaces, reason: 'no-figure' };
  }
  return { unknownPlaces, reason: null };
}
