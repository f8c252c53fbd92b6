/**
 * Citation markers in answer text: `[1]`, `[1][2]` or `[1,2]` refer to `citations[n - 1]` (field `n`).
 * Pure functions, so they are tested without a browser.
 */
import { documentLine, documentName, pageText } from './citation-label.js';

const MARKER = /\[(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\]/gu;

/** Cuts text into `{ type: 'text', text }` and `{ type: 'marker', n, raw }` pieces, in order. */
export function splitMarkers(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    if (match.index > last) parts.push({ type: 'text', text: text.slice(last, match.index) });
    const numbers = match[1].split(/\s*[,，、]\s*/u).map(Number);
    for (const n of numbers) parts.push({ type: 'marker', n, raw: numbers.length === 1 ? match[0] : `[${n}]` });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ type: 'text', text: text.slice(last) });
  return parts;
}

/** The answer without its markers, for copying next to a list of sources. */
export function stripMarkers(text) {
  return text.replace(MARKER, '');
}

/** The plain text a person copies: the answer, then the sources it cites. */
export function answerForCopy(answer) {
  const lines = [answer.answer.trim()];
  if (answer.citations.length > 0) {
    lines.push('', '依据：');
    for (const citation of answer.citations) {
      const where = [citation.clause, pageText(citation)].filter(Boolean).join('，');
      const identity = documentLine(citation);
      lines.push(`[${citation.n}] ${documentName(citation.docTitle)}${identity ? ` ${identity}` : ''}${where ? `（${where}）` : ''}`);
    }
  }
  return lines.join('\n');
}

/** The sentences of an answer that cite `n`: the text right before each marker run that includes `[n]`. */
export function quotesFor(text, n) {
  const quotes = [];
  let sentence = '';
  let cites = false;
  for (const part of [...splitMarkers(text), { type: 'text', text: '' }]) {
    if (part.type === 'marker') {
      cites ||= part.n === n;
      continue;
    }
    if (cites && sentence.trim()) quotes.push(sentence.trim());
    sentence = part.text;
    cites = false;
  }
  return quotes;
}

/**
 * The clause's own words in an answer sentence: without the place label an answer puts before clauses of
 * several places (`银川：`) and without the sentence end it normalizes (`；` becomes `。`).
 */
export function clauseWords(quote) {
  return quote.replace(/^[\u4e00-\u9fa5]{1,6}：/u, '').replace(/[。；;]$/u, '');
}

/** Where `quotes` occur in `text`, as sorted, merged `[start, end)` ranges. */
export function quoteRanges(text, quotes) {
  const ranges = [];
  for (const quote of quotes.map(clauseWords)) {
    if (!quote) continue;
    for (let at = text.indexOf(quote); at >= 0; at = text.indexOf(quote, at + quote.length)) ranges.push([at, at + quote.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}
