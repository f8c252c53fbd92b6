/** Recognizes clause headings (第X章, 一、, （一）, 1., （1）, 附件 …) at the start of a line. */

export type HeadingKind = 'annex' | 'chapter' | 'section' | 'article' | 'cn' | 'paren-cn' | 'num' | 'paren-num' | 'circled';

/** Nesting rank: a heading closes every open heading of equal or deeper rank. */
export const HEADING_RANK: Readonly<Record<HeadingKind, number>> = Object.freeze({
  annex: 0,
  chapter: 1,
  section: 2,
  article: 3,
  cn: 4,
  'paren-cn': 5,
  num: 6,
  'paren-num': 7,
  circled: 8,
});

export interface Heading {
  kind: HeadingKind;
  n: number;
  /** The marker as written, e.g. `第五条`, `三、`, `（二）`, `1.`. */
  marker: string;
  /** Text after the marker on the same line. */
  rest: string;
}

const DIGITS: Readonly<Record<string, number>> = Object.freeze({
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
});

/** Parses 一…九十九 and 百 forms, or Arabic digits. */
function chineseNumber(text: string): number {
  if (/^\d+$/u.test(text)) return Number(text);
  let total = 0;
  let current = 0;
  for (const ch of text) {
    if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else {
      current = DIGITS[ch] ?? 0;
    }
  }
  return total + current;
}

const CN = '[一二三四五六七八九十百零〇两]+';
const PATTERNS: ReadonlyArray<[HeadingKind, RegExp]> = [
  ['annex', /^(附件\s*\d*)\s*[:：]?$/u],
  ['chapter', new RegExp(`^(第(${CN}|\\d+)章)\\s*(.*)$`, 'u')],
  ['section', new RegExp(`^(第(${CN}|\\d+)节)\\s*(.*)$`, 'u')],
  ['article', new RegExp(`^(第(${CN}|\\d+)条)(?![件款项])\\s*(.*)$`, 'u')],
  ['cn', new RegExp(`^((${CN})、)\\s*(.*)$`, 'u')],
  ['paren-cn', new RegExp(`^([（(](${CN})[）)])\\s*(.*)$`, 'u')],
  // "2.5%" is a number, not an item: the marker must not be followed by a digit.
  ['num', /^((\d{1,3})\s*[.．、](?!\d))\s*(.*)$/u],
  ['paren-num', /^([（(](\d{1,3})[）)])\s*(.*)$/u],
  ['circled', /^(([①-⑳]))\s*(.*)$/u],
];

/** Strips list bullets that some extractions put before a marker (`- 2.提高…`). */
function stripBullet(line: string): string {
  return line.replace(/^[-•·]\s+/u, '');
}

export function parseHeading(line: string): Heading | null {
  const text = stripBullet(line);
  for (const [kind, pattern] of PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const marker = (match[1] ?? '').replace(/\s+/gu, '');
    if (kind === 'annex') return { kind, n: Number(marker.replace(/\D/gu, '') || 1), marker, rest: '' };
    const numeral = match[2] ?? '';
    const n = kind === 'circled' ? numeral.charCodeAt(0) - 0x2460 + 1 : chineseNumber(numeral);
    return { kind, n, marker, rest: (match[3] ?? '').trim() };
  }
  return null;
}

/** True for a short heading line with no sentence in it, like `一、总体要求` or `第二章 注册条件`. */
export function isTitleLine(heading: Heading): boolean {
  return heading.rest.length > 0 && heading.rest.length <= 30 && !/[。；;:：]/u.test(heading.rest);
}
