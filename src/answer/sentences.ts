/** Cuts clause text into sentences an answer can quote, and shortens a long one to the part that matters. */
import { LRUCache } from 'lru-cache';

/** Shared by every answer that quotes the clause (they are cached): read only. */
export interface Sentence {
  readonly text: string;
  /** Position of the sentence in its clause, for reading order. */
  readonly at: number;
}

const SENTENCE = /[^。！？；!?;\n]+[。！？；!?;]?/gu;
const MIN_CHARS = 6;

/** Web addresses in compilations are sources, not answers; they also hold `.` and `:` that cut sentences badly. */
const URL = /https?:\/\/\S+/gu;

const LIST_MARKER = /^(?:[-•]\s*)?(?:\d+[.．、](?!\d)|[（(][\d一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|第[一二三四五六七八九十百零〇\d]+条(?:【[^】]*】)?)\s*/u;

/** A sentence without the list number it opens with (`7．`, `（三）`, `第十八条`): part of the clause's layout, not of what it says. */
export function withoutListMarker(sentence: string): string {
  return sentence.replace(LIST_MARKER, '');
}

/** Every answer splits the same retrieved clauses again (for the figure check and for composing): once per text. */
const split = new LRUCache<string, readonly Sentence[]>({ max: 20_000 });

export function splitSentences(text: string): readonly Sentence[] {
  const known = split.get(text);
  if (known) return known;
  const sentences: Sentence[] = [];
  for (const match of text.replace(URL, (url) => '\n'.padEnd(url.length)).matchAll(SENTENCE)) {
    const sentence = match[0].trim();
    if (sentence.replace(/[\p{P}\s]/gu, '').length >= MIN_CHARS) sentences.push({ text: sentence, at: match.index });
  }
  split.set(text, sentences);
  return sentences;
}

/** A part that only sets a condition or a time (`…从事个体经营的，`, `…登记当月起，`): the provision follows it. */
const DANGLING = /(?:的|时|后|起|前|期间|情况下)[，,：:]$/u;

/**
 * The comma-separated stretch of a long sentence with the most of `weightOf`, grown to about
 * `maxChars`: words stay the clause's own, only the parts that answer nothing are left out.
 */
export function shortenSentence(sentence: string, maxChars: number, weightOf: (part: string) => number): string {
  if (sentence.length <= maxChars) return sentence;
  const parts = sentence.match(/[^，,：:]+[，,：:]?/gu) ?? [sentence];
  const weights = parts.map(weightOf);
  let best = { from: 0, to: 1, score: -1, length: Infinity };
  // The best stretch that stops on a condition: only when every other one is worth nothing.
  let dangling = best;
  for (let from = 0; from < parts.length; from++) {
    let length = 0;
    let score = 0;
    for (let to = from; to < parts.length; to++) {
      length += (parts[to] as string).length;
      if (length > maxChars && to > from) break;
      score += weights[to] as number;
      const span = { from, to: to + 1, score, length };
      // A stretch should not stop on a condition whose provision it leaves out.
      if (to + 1 < parts.length && DANGLING.test(parts[to] as string)) {
        if (score > dangling.score) dangling = span;
      // Of equally good spans the shortest: a lead-in that adds nothing (推动…，凡是…，) is left out.
      } else if (score > best.score || (score === best.score && length < best.length)) best = span;
    }
  }
  if (best.score <= 0 && dangling.score > 0) best = dangling;
  const text = parts.slice(best.from, best.to).join('').replace(/[，,：:；;]$/u, '');
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}
