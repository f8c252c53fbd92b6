/**
 * Puts an elliptical follow-up in the context of the conversation, so retrieval sees what it is about:
 * 那陕西呢？ swaps the place, 需要哪些材料？ keeps the topic. A complete question, a greeting or an
 * off-topic message stands alone.
 */
import { escapeRegExp } from '../library/text.ts';
import type { AskRequest } from './schema.ts';

/** Words that point back at what was said before. */
const ANAPHORA = /^(那|那么|这|这个|该|它|其|上述|此|同样|还有|另外|以及|和|那个)|(呢|吗)？?$/u;
/** A short question that opens with what it asks, without saying about what (需要哪些材料？, 多久能办完？). */
const ELLIPTICAL_OPENING = /^(需要|要|还要|还需要|可以|能|能否|能不能|怎么|如何|多少|多久|多长时间|哪些|什么|有没有|是否|有什么|具体|要交|收费|费用)/u;
const FOLLOW_UP_CHARS = 14;
/** A follow-up that asks about the document itself rather than its clauses. */
const METADATA_QUESTION = /(什么时候|何时|哪天|哪年|几号).{0,4}(发布|印发|出台|施行|实施|生效)|(发布|印发|出台)(时间|日期)|文号|哪个(部门|单位|机关)(发布|印发|制定)/u;

export interface RewrittenQuery {
  query: string;
  /** True when the follow-up asks when/by whom the previously discussed policy was issued. */
  asksMetadata: boolean;
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

/** Replaces the place named in the earlier question with the one the follow-up names ("那陕西呢？"). */
function substitutePlace(previous: string, followUp: string, places: ReadonlySet<string>): string | null {
  const newPlace = [...places].find((place) => followUp.includes(place));
  const oldPlace = [...places].filter((place) => previous.includes(place)).sort((a, b) => b.length - a.length)[0];
  if (!newPlace || !oldPlace) return null;
  return previous.replace(new RegExp(`${escapeRegExp(oldPlace)}(省|市|自治区)?`, 'gu'), newPlace);
}

export function isElliptical(question: string): boolean {
  return ANAPHORA.test(question) || (question.length <= FOLLOW_UP_CHARS && ELLIPTICAL_OPENING.test(question));
}

export function rewriteQuery(request: AskRequest, places: ReadonlySet<string>): RewrittenQuery {
  const question = request.question.trim();
  const previous = previousTurn(request);
  const asksMetadata = METADATA_QUESTION.test(question);
  if (asksMetadata && previous) return { query: previous.question, asksMetadata: true };
  if (!previous || !isElliptical(question)) return { query: question, asksMetadata: false };
  // The earlier question may itself have been a follow-up: put it in its own context first.
  const earlier = rewriteQuery(previous, places).query;
  const substituted = substitutePlace(earlier, question, places);
  if (substituted) return { query: substituted, asksMetadata: false };
  return { query: `${earlier} ${question.replace(ANAPHORA, '')}`, asksMetadata: false };
}
