/** Builds the clause tree of one document: each heading line opens a clause that runs to the next one. */
import { HEADING_RANK, type Heading, type HeadingKind, isTitleLine, parseHeading } from './headings.ts';
import type { Line } from './lines.ts';
import { wrapJoint } from './text.ts';

/** A stretch of joined text and where each of its pieces sits in the seed file. */
export interface Piece {
  /** Offset of the piece in the joined text. */
  at: number;
  line: Line;
}

export interface ClauseUnit {
  /** Labels from the outermost heading down, e.g. ['第二章 注册条件', '第五条', '（二）']. */
  path: string[];
  /** True when the unit holds only its heading line, with no body of its own. */
  headingOnly: boolean;
  text: string;
  pieces: Piece[];
}

const BREAK_AFTER = /[。！？；：:!?;]$/u;

function label(heading: Heading): string {
  if (heading.kind === 'article' || heading.kind === 'num' || heading.kind === 'paren-num' || heading.kind === 'circled') {
    return heading.marker;
  }
  if (!isTitleLine(heading)) return heading.marker;
  const gap = heading.kind === 'chapter' || heading.kind === 'section' ? ' ' : '';
  return `${heading.marker}${gap}${heading.rest}`;
}

/**
 * Accepts a heading only when it starts or continues its list, so a wrapped `2.` mid-sentence stays
 * text. Lists are not reset under a new parent: many documents number （一）… on across sections.
 */
class Outline {
  private readonly stack: { rank: number; label: string }[] = [];
  private readonly last = new Map<HeadingKind, number>();

  accept(heading: Heading): boolean {
    const previous = this.last.get(heading.kind) ?? 0;
    if (heading.n !== 1 && heading.n !== previous + 1) return false;
    const rank = HEADING_RANK[heading.kind];
    while ((this.stack.at(-1)?.rank ?? -1) >= rank) this.stack.pop();
    this.stack.push({ rank, label: label(heading) });
    this.last.set(heading.kind, heading.n);
    return true;
  }

  path(): string[] {
    return this.stack.map((entry) => entry.label);
  }
}

function startsWithTitleLine(text: string): boolean {
  const heading = parseHeading(text);
  return heading !== null && isTitleLine(heading);
}

function appendLine(unit: ClauseUnit, line: Line): void {
  const previous = unit.pieces.at(-1)?.line.text ?? '';
  const newline = BREAK_AFTER.test(previous) || (unit.pieces.length === 1 && startsWithTitleLine(previous));
  const joined = `${unit.text}${newline ? '\n' : wrapJoint(previous, line.text)}${line.text}`;
  unit.pieces.push({ at: joined.length - line.text.length, line });
  unit.text = joined;
  unit.headingOnly = false;
}

/** Splits a document's lines into clause units, in order; `bodyFrom` lines of title come first as preamble. */
export function buildClauses(lines: Line[], bodyFrom: number): ClauseUnit[] {
  const outline = new Outline();
  const units: ClauseUnit[] = [];
  let current: ClauseUnit | null = null;
  lines.forEach((line, index) => {
    const heading = index >= bodyFrom ? parseHeading(line.text) : null;
    if (heading && outline.accept(heading)) {
      current = { path: outline.path(), headingOnly: isTitleLine(heading) || heading.rest === '', text: line.text, pieces: [{ at: 0, line }] };
      units.push(current);
      return;
    }
    if (!current) {
      current = { path: [], headingOnly: index < bodyFrom, text: line.text, pieces: [{ at: 0, line }] };
      units.push(current);
      return;
    }
    appendLine(current, line);
    // The title lines of a document are a heading too: its preamble starts after them.
    if (index < bodyFrom) current.headingOnly = true;
  });
  return units;
}
