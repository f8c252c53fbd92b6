/** Turns clause units into chunks: headings join their first child, tiny siblings merge, long clauses split. */
import type { ClauseUnit, Piece } from './clauses.ts';
import { normalizedLength } from './text.ts';

const MAX_CHUNK_CHARS = 800;
/** Items shorter than this (normalized) are merged with their next sibling. */
const TINY_CHARS = 40;
/** A merged run of tiny items stops growing at this size. */
const MERGED_LIMIT = 300;
/** Cut long clauses a little under the limit, since NFKC may lengthen a few characters. */
const SPLIT_TARGET = 760;

export interface ChunkDraft {
  path: string[];
  text: string;
  pieces: Piece[];
}

function concat(a: ChunkDraft, b: ChunkDraft, path: string[]): ChunkDraft {
  const offset = a.text.length + 1;
  return { path, text: `${a.text}\n${b.text}`, pieces: [...a.pieces, ...b.pieces.map((piece) => ({ ...piece, at: piece.at + offset }))] };
}

const parentKey = (path: string[]): string => path.slice(0, -1).join('\u0000');

/** A run of merged siblings is labelled by its first and last item, e.g. `1．–3．`. */
function rangePath(first: string[], last: string[]): string[] {
  const a = first.at(-1) ?? '';
  const b = last.at(-1) ?? '';
  return a === b ? first : [...first.slice(0, -1), `${a}–${b}`];
}

/** A short clause that only introduces its sub-items (`第十六条 售电公司应履行以下义务：`). */
const LEAD_IN_CHARS = 120;

function leadsIntoChild(unit: ClauseUnit, next: ClauseUnit | undefined): boolean {
  if (!next || next.path.length <= unit.path.length) return false;
  if (!unit.path.every((label, k) => next.path[k] === label)) return false;
  return unit.headingOnly || (unit.pieces.length === 1 && normalizedLength(unit.text) <= LEAD_IN_CHARS);
}

/** Headings and lead-ins join their first child, so no chunk is a bare heading. */
function mergeHeadings(units: ClauseUnit[]): ChunkDraft[] {
  const drafts: ChunkDraft[] = [];
  let pending: ChunkDraft | null = null;
  for (const [index, unit] of units.entries()) {
    const draft: ChunkDraft = { path: unit.path, text: unit.text, pieces: unit.pieces };
    if (unit.headingOnly || leadsIntoChild(unit, units[index + 1])) {
      pending = pending ? concat(pending, draft, draft.path) : draft;
      continue;
    }
    drafts.push(pending ? concat(pending, draft, draft.path) : draft);
    pending = null;
  }
  if (pending) {
    const last = drafts.pop();
    drafts.push(last ? concat(last, pending, last.path) : pending);
  }
  return drafts;
}

function mergeTinySiblings(drafts: ChunkDraft[]): ChunkDraft[] {
  const merged: ChunkDraft[] = [];
  // Path of the first item of the run being merged: the label spans first–last, not every item between.
  let runFirst: string[] = [];
  for (const draft of drafts) {
    const previous = merged.at(-1);
    const canMerge = previous !== undefined && draft.path.length > 0 && parentKey(previous.path) === parentKey(draft.path)
      && previous.path.length === draft.path.length
      && (normalizedLength(previous.text) < TINY_CHARS || normalizedLength(draft.text) < TINY_CHARS)
      && normalizedLength(previous.text) + normalizedLength(draft.text) <= MERGED_LIMIT;
    if (canMerge) {
      merged[merged.length - 1] = concat(previous, draft, rangePath(runFirst, draft.path));
    } else {
      merged.push(draft);
      runFirst = draft.path;
    }
  }
  return merged;
}

/** Non-whitespace characters before each position, so part sizes are known without re-scanning. */
function denseCounts(text: string): Uint32Array {
  const counts = new Uint32Array(text.length + 1);
  for (let i = 0; i < text.length; i++) counts[i + 1] = (counts[i] ?? 0) + (/\s/u.test(text[i] ?? '') ? 0 : 1);
  return counts;
}

const CUT_PREFERENCE: readonly RegExp[] = [/[。！？!?]/u, /[；;]/u, /[，,、：:]/u];

/** Where to end a part that starts at `from`: the best sentence end near `goal` characters, never past the limit. */
function cutPoint(text: string, counts: Uint32Array, from: number, goal: number): number {
  const base = counts[from] ?? 0;
  let limit = from;
  while (limit < text.length && (counts[limit + 1] ?? 0) - base <= SPLIT_TARGET) limit++;
  if (limit >= text.length) return text.length;
  for (const pattern of CUT_PREFERENCE) {
    let best = -1;
    for (let i = limit - 1; i > from; i--) {
      if (!pattern.test(text[i] ?? '')) continue;
      const size = (counts[i + 1] ?? 0) - base;
      if (best < 0 || Math.abs(size - goal) < Math.abs((counts[best] ?? 0) - base - goal)) best = i + 1;
      if (size < goal / 2) break;
    }
    if (best > from) return best;
  }
  return limit;
}

function splitLong(draft: ChunkDraft): ChunkDraft[] {
  const total = normalizedLength(draft.text);
  if (total <= MAX_CHUNK_CHARS) return [draft];
  const counts = denseCounts(draft.text);
  const parts: ChunkDraft[] = [];
  let from = 0;
  while (from < draft.text.length) {
    const remaining = (counts[draft.text.length] ?? 0) - (counts[from] ?? 0);
    const goal = remaining / Math.ceil(remaining / SPLIT_TARGET);
    const to = cutPoint(draft.text, counts, from, goal);
    parts.push(slice(draft, from, to));
    from = to;
  }
  return parts.filter((part) => part.text.trim() !== '');
}

/** The part [from, to) of a draft, trimmed, with its pieces re-based. */
function slice(draft: ChunkDraft, from: number, to: number): ChunkDraft {
  while (from < to && /\s/u.test(draft.text[from] ?? '')) from++;
  while (to > from && /\s/u.test(draft.text[to - 1] ?? '')) to--;
  const pieces: Piece[] = [];
  draft.pieces.forEach((piece, k) => {
    const pieceEnd = draft.pieces[k + 1]?.at ?? draft.text.length;
    if (pieceEnd <= from || piece.at >= to) return;
    const skip = Math.max(0, from - piece.at);
    pieces.push({ at: Math.max(0, piece.at - from), line: { ...piece.line, start: piece.line.start + skip, text: piece.line.text.slice(skip) } });
  });
  return { path: draft.path, text: draft.text.slice(from, to), pieces };
}

/** Offsets [start, end) of a draft in its seed file, and the pages it spans. */
export function locate(draft: ChunkDraft): { start: number; end: number; pages: [number, number] | null } {
  const first = draft.pieces[0];
  const last = draft.pieces.at(-1);
  if (!first || !last) throw new Error('a chunk draft without text');
  const pages = draft.pieces.map((piece) => piece.line.page).filter((page): page is number => page !== null);
  return {
    start: first.line.start,
    end: last.line.start + (draft.text.length - last.at),
    pages: pages.length > 0 ? [Math.min(...pages), Math.max(...pages)] : null,
  };
}

export function draftChunks(units: ClauseUnit[]): ChunkDraft[] {
  return mergeTinySiblings(mergeHeadings(units)).flatMap(splitLong);
}
