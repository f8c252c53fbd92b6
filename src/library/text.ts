/** Text helpers shared by the library parser and the evaluation rule. */

/** The eval README's normalization: NFKC, then no whitespace at all. */
export function normalizeForMatch(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/u;

/** Joins two wrapped fragments: Chinese joins without a space, Latin words keep one. */
export function joinWrapped(left: string, right: string): string {
  if (left === '') return right;
  if (right === '') return left;
  const a = left.at(-1) ?? '';
  const b = right[0] ?? '';
  return CJK.test(a) || CJK.test(b) ? left + right : `${left} ${right}`;
}

/** Removes spaces that PDF extraction put between Chinese characters (titles read better without). */
export function tidyTitle(title: string): string {
  return title
    .replace(/\s+/gu, ' ')
    .replace(/(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) (?=\S)|(?<=\S) (?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])/gu, '')
    .trim();
}

/** Length as the eval rule counts it (normalized, no whitespace). */
export function normalizedLength(text: string): number {
  return normalizeForMatch(text).length;
}

/** A literal for a regular expression: place names come from library text, which may hold any character. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
