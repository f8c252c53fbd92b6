/** Text helpers shared by the library parser and the evaluation rule. */

/** The eval README's normalization: NFKC, then no whitespace at all. */
export function normalizeForMatch(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/u;

/**
 * What goes between two wrapped fragments: nothing beside Chinese, a space between Latin words. `left` need only
 * end as the text joined to does: a long text built line by line passes its last line, so that its own characters
 * are never read (reading one flattens the whole concatenation, quadratic over a long document).
 */
export function wrapJoint(left: string, right: string): string {
  if (left === '' || right === '') return '';
  return CJK.test(left.at(-1) ?? '') || CJK.test(right[0] ?? '') ? '' : ' ';
}

/** Joins two wrapped fragments: Chinese joins without a space, Latin words keep one. */
export function joinWrapped(left: string, right: string): string {
  return `${left}${wrapJoint(left, right)}${right}`;
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
