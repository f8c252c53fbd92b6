/** Puts a short follow-up in the context of the conversation, so retrieval sees what it is about. */
import { escapeRegExp } from '../library/text.ts';
import type { AskRequest } from './schema.ts';

/** Words that point back at what was said before. */
const ANAPHORA = /^(那|那么|这|这个|该|它|其|上述|此|同样|还有|另外|以及|和|那个)|(呢|吗)？?$/u;
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

function lastUserQuestion(history: AskRequest['history']): string | null {
  const turns = history ?? [];
  for (let i = turns.length - 1; i >= 0; i--) if (turns[i]?.role === 'user') return turns[i]?.content.trim().slice(0, MAX_PREVIOUS_CHARS) ?? null;
  return null;
}

/** Replaces the place named in the earlier question with the one the follow-up names ("那陕西呢？"). */
function substitutePlace(previous: string, followUp: string, places: ReadonlySet<string>): string | null {
  const newPlace = [...places].find((place) => followUp.includes(place));
  const oldPlace = [...places].filter((place) => previous.includes(place)).sort((a, b) => b.length - a.length)[0];
  if (!newPlace || !oldPlace) return null;
  return previous.replace(new RegExp(`${escapeRegExp(oldPlace)}(省|市|自治区)?`, 'gu'), newPlace);
}

export function rewriteQuery(request: AskRequest, places: ReadonlySet<string>): RewrittenQuery {
  const question = request.question.trim();
  const previous = lastUserQuestion(request.history);
  const asksMetadata = METADATA_QUESTION.test(question);
  const isFollowUp = previous !== null && (question.length <= FOLLOW_UP_CHARS || ANAPHORA.test(question) || asksMetadata);
  if (!isFollowUp || previous === null) return { query: question, asksMetadata: false };
  if (asksMetadata) return { query: previous, asksMetadata: true };
  const substituted = substitutePlace(previous, question, places);
  if (substituted) return { query: substituted, asksMetadata: false };
  return { query: `${previous} ${question.replace(ANAPHORA, '')}`, asksMetadata: false };
}
