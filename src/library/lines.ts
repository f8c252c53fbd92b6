/** Splits a seed file into lines that know their offsets and page, dropping page markers. */

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
  return { lines, paged };
}
