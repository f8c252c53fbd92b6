/** Splits a seed file into lines that know their offsets and page, dropping page markers and running headers. */

export interface Line {
  /** Trimmed text of the line. */
  text: string;
  /** Offsets [start, end) of the trimmed text in the seed file. */
  start: number;
  end: number;
  /** Page from the last `# Page N:` marker, null before any marker. */
  page: number | null;
}

const PAGE_MARKER = /^#\s*Page\s+(\d+)\s*:?\s*$/iu;

export interface SplitLines {
  lines: Line[];
  /** Running headers left out of `lines` (a compilation's name between two halves of a sentence). */
  headers: Line[];
  /** True when the file had `# Page N:` markers. */
  paged: boolean;
}

/** Non-blank lines of the file with their offsets; CRLF and stray whitespace are handled here. */
export function splitLines(text: string): SplitLines {
  const lines: Line[] = [];
  let page: number | null = null;
  let paged = false;
  // indexOf, not a regex: a regex scan of a 10 MB line overflows the backtracking stack.
  for (let from = 0, stop = 0; from < text.length; from = stop) {
    const newline = text.indexOf('\n', from);
    stop = newline < 0 ? text.length : newline + 1;
    const raw = text.slice(from, stop);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    const marker = PAGE_MARKER.exec(trimmed);
    if (marker) {
      page = Number(marker[1]);
      paged = true;
      continue;
    }
    const start = from + lead;
    lines.push({ text: trimmed, start, end: start + trimmed.length, page });
  }
  const headers = runningHeaders(lines);
  return { lines: headers.size === 0 ? lines : lines.filter((_, i) => !headers.has(i)), headers: [...headers].map((i) => lines[i] as Line), paged };
}

/** A running header is short: a compilation's or a PDF's name, not a paragraph. */
const RUNNING_HEADER_CHARS = 40;
/** A name, not a sentence, a list item, a bracketed note nor a label line: eight Han characters or more, no clause punctuation. */
const HEADER_LIKE = /^(?![（(]|[一二三四五六七八九十\d]+[、.．])(?=(?:[^\u3400-\u9fff]*[\u3400-\u9fff]){8})[^，,、。；;]+(?<![：:])$/u;
const ENDS_IN_WORD = /[\u3400-\u9fff]$/u;
/** Goes on with a word, not a new item (一、, （二）, 3.), a bracket or a label (`完成时限：…`). */
const GOES_ON = /^(?![一二三四五六七八九十]+、|第[一二三四五六七八九十百\d]+[章节条]|[\u3400-\u9fff]{2,6}[：:])[\u3400-\u9fff]/u;

/**
 * A compilation's running header (`营商智库：每周政策汇编（11.22-11.28）`), which the extraction left
 * between two halves of a sentence (`…及时移交有关部门严肃问` / header / `责处理。`): a short line like a name that
 * recurs, every time between a line ending in a word and one going on with a word. Repeated content
 * (`完成时限：2023 年12 月底前`, `一、总体要求`, `“放管服”`) fails one of these, so it stays.
 */
function runningHeaders(lines: readonly Line[]): Set<number> {
  const occurrences = new Map<string, number[]>();
  lines.forEach((line, i) => {
    if (line.text.length > RUNNING_HEADER_CHARS || !HEADER_LIKE.test(line.text)) return;
    const at = occurrences.get(line.text);
    if (at) at.push(i);
    else occurrences.set(line.text, [i]);
  });
  const midSentence = (i: number) => ENDS_IN_WORD.test(lines[i - 1]?.text ?? '') && GOES_ON.test(lines[i + 1]?.text ?? '');
  const headers = new Set<number>();
  for (const at of occurrences.values()) if (at.length >= 2 && at.every(midSentence)) for (const i of at) headers.add(i);
  return headers;
}
