/**
 * Puts an elliptical follow-up in the context of the conversation, so retrieval sees what it is about:
 * 那陕西呢？ swaps the place, 需要哪些材料？ keeps the topic. A complete question, a greeting or an
 * off-topic message stands alone.
 */
import { escapeRegExp } from '../library/text.ts';
import { withoutFraming } from './framing.ts';
import type { AskRequest } from './schema.ts';

/** Words that point back at what was said before. */
const ANAPHORA = /^(那|那么|这|这个|该|它|其|上述|此|同样|还有|另外|以及|和|那个)/u;
/** A short question ending so (陕西呢？) asks the same again of something else; a long one is complete. */
const ECHO_ENDING = /(呢|吗)[？?]?$/u;
/** A short question that opens with what it asks, without saying about what (需要哪些材料？, 多久能办完？). */
const ELLIPTICAL_OPENING = /^(需要|要|还要|还需要|可以|能|能否|能不能|怎么|如何|多少|多久|多长时间|哪些|什么|有没有|是否|有什么|具体|要交|收费|费用)/u;
const FOLLOW_UP_CHARS = 14;
/** A follow-up that asks about the document itself rather than its clauses. */
const METADATA_QUESTION = /(什么时候|何时|哪天|哪年|几号).{0,4}(发布|印发|出台|施行|实施|生效)|(发布|印发|出台)(时间|日期)|文号|哪个(部门|单位|机关)(发布|印发|制定)/u;

export interface RewrittenQuery {
  query: string;
  /** True when the follow-up asks when/by whom the previously discussed policy was issued. */
  asksMetadata: boolean;
  /** What the user asked of the earlier question's matter, when the query joins the two (需要哪些材料？); else the query. */
  asked: string;
}

/** History turns may be long; the part of one a rewritten query keeps is no longer than a question. */
const MAX_PREVIOUS_CHARS = 500;

/** The previous user question as a request of its own, with the history before it. */
export function previousTurn(request: AskRequest): AskRequest | null {
  const turns = request.history ?? [];
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i];
    if (turn?.role === 'user') return { question: turn.content.trim().slice(0, MAX_PREVIOUS_CHARS) || '？', history: turns.slice(0, i), ...(request.filters ? { filters: request.filters } : {}) };
  }
  return null;
}

/** The places a text names, as it writes them (the place index's resolver). */
export type PlaceNames = (text: string) => string[];

/**
 * The earlier question about the place the follow-up names instead ("那陕西呢？", "那苏州呢？"): every place it
 * named gives way, so no earlier place's clauses answer for the new one.
 */
function substitutePlace(previous: string, followUp: string, namesIn: PlaceNames): string | null {
  const [newPlace] = namesIn(followUp);
  const oldPlaces = namesIn(previous).sort((a, b) => b.length - a.length);
  if (!newPlace) return null;
  if (oldPlaces.length === 0) return `${newPlace}${previous}`;
  const [first, ...rest] = oldPlaces;
  const swapped = previous.replace(new RegExp(`${escapeRegExp(first as string)}(省|市|自治区|区|县)?`, 'u'), newPlace);
  return rest.reduce((text, place) => text.replace(new RegExp(`${escapeRegExp(place)}(省|市|自治区|区|县)?`, 'gu'), ''), swapped);
}

export function isElliptical(question: string): boolean {
  return ANAPHORA.test(question) || (question.length <= FOLLOW_UP_CHARS && (ECHO_ENDING.test(question) || ELLIPTICAL_OPENING.test(question)));
}

export function rewriteQuery(request: AskRequest, namesIn: PlaceNames): RewrittenQuery {
  const question = withoutFraming(request.question.trim());
  const previous = previousTurn(request);
  // 这个政策什么时候发布的？ is about the document last cited; 售电公司管理办法什么时候施行？ names its own.
  const asksMetadata = METADATA_QUESTION.test(question) && (isElliptical(question) || question.length <= FOLLOW_UP_CHARS);
  if (asksMetadata && previous) return { query: withoutFraming(previous.question), asksMetadata: true, asked: question };
  if (!previous || !isElliptical(question)) return { query: question, asksMetadata: false, asked: question };
  // The earlier question may itself have been a follow-up: put it in its own context first.
  const earlier = rewriteQuery(previous, namesIn).query;
  const substituted = substitutePlace(earlier, question, namesIn);
  if (substituted) return { query: substituted, asksMetadata: false, asked: substituted };
  return { query: `${earlier} ${question.replace(ANAPHORA, '')}`, asksMetadata: false, asked: question };
}
