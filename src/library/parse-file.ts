/** One seed file → documents and chunks, with warnings instead of crashes on odd input. */
import { createHash } from 'node:crypto';
import { draftChunks, locate } from './chunks.ts';
import { buildClauses } from './clauses.ts';
import { segmentDocuments } from './documents.ts';
import { splitLines } from './lines.ts';
import type { Chunk, PolicyDocument } from './schema.ts';
import { isoDay, validityOf } from './validity.ts';

export interface ParsedFile {
  documents: PolicyDocument[];
  chunks: Chunk[];
  warnings: string[];
  /** Offsets [start, end) of text that is deliberately not content (the table of contents, running headers). */
  skipped: Array<[number, number]>;
}

const shortHash = (text: string, length: number): string => createHash('sha1').update(text).digest('hex').slice(0, length);

/**
 * A copy of `text` that shares no memory with the file it was cut from: a substring can stay a view of
 * the whole decoded file, which then lives as long as any one chunk or title cut from it does.
 */
function detached(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}

/** Decodes UTF-8, refusing binary files rather than indexing garbage. */
export function decodeSeed(bytes: Uint8Array): { text: string } | { error: string } {
  if (bytes.includes(0)) return { error: 'contains NUL bytes: a binary file, not UTF-8 text' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/u, '') };
  } catch {
    return { error: 'is not valid UTF-8 text' };
  }
}

/** `today` (`YYYY-MM-DD`) decides which stated periods have passed. */
export function parseSeedText(source: string, text: string, today: string = isoDay(new Date())): ParsedFile {
  const warnings: string[] = [];
  const { lines, headers } = splitLines(text);
  if (lines.length === 0) return { documents: [], chunks: [], warnings: [`${source}: empty file, nothing to index`], skipped: [] };
  const { documents: segments, skipped } = segmentDocuments(source, lines);
  const documents: PolicyDocument[] = [];
  const chunks: Chunk[] = [];
  const seenDocIds = new Map<string, number>();
  for (const segment of segments) {
    const base = shortHash(`${source}\u0000${segment.title}`, 10);
    const repeat = seenDocIds.get(base) ?? 0;
    seenDocIds.set(base, repeat + 1);
    const docId = repeat === 0 ? base : `${base}-${repeat}`;
    const units = buildClauses(segment.lines, segment.bodyFrom);
    if (segments.length === 1 && units.every((unit) => unit.path.length === 0)) {
      warnings.push(`${source}: no clause headings found; indexed as one document "${segment.title}" cut at sentence ends`);
    }
    const seenChunkIds = new Set<string>();
    // Repeated texts are numbered by occurrence, so n copies cost n hashes, not n² (a 10 MB repeated line).
    const seenTexts = new Map<string, number>();
    const title = detached(segment.title);
    const docChunks = draftChunks(units).map((draft) => {
      const repeat = seenTexts.get(draft.text) ?? 0;
      seenTexts.set(draft.text, repeat + 1);
      let id = shortHash(repeat === 0 ? `${docId}\u0000${draft.text}` : `${docId}\u0000${draft.text}\u0000${repeat}`, 12);
      for (let k = repeat + 1; seenChunkIds.has(id); k++) id = shortHash(`${docId}\u0000${draft.text}\u0000${k}`, 12);
      seenChunkIds.add(id);
      const { start, end, pages } = locate(draft);
      return { id, docId, docTitle: title, clause: draft.path.join(' › '), source, page: pages?.[0] ?? null, pages, start, end, text: detached(draft.text) };
    });
    const pageList = docChunks.flatMap((chunk) => chunk.pages ?? []);
    const body = segment.lines.slice(segment.bodyFrom).map((line) => line.text).join('\n');
    documents.push({
      id: docId,
      title,
      source,
      issuer: segment.issuer === null ? null : detached(segment.issuer),
      region: segment.region,
      city: segment.city,
      date: segment.date,
      docNumber: segment.docNumber === null ? null : detached(segment.docNumber),
      ...validityOf(segment, body, today),
      compilation: segments.length > 1,
      pages: pageList.length > 0 ? [Math.min(...pageList), Math.max(...pageList)] : null,
      chunks: docChunks.length,
    });
    chunks.push(...docChunks);
  }
  return { documents, chunks, warnings, skipped: [...skipped, ...headers].map((line) => [line.start, line.end]) };
}
