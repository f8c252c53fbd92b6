/** A document as a reader sees it: its clauses in order, each with the chunks it was cut into, and page labels. */
import type { Chunk, PolicyDocument } from './schema.ts';

export interface ClauseView {
  path: string;
  text: string;
  page: number | null;
  pageLabel: string | null;
  chunkIds: string[];
}

/**
 * `第 N 页` of a document's own pages; `汇编第 N 页` in a file that compiles many documents, whose page
 * numbers are the compilation's, never the document's.
 */
export function pageLabel(page: number | null, document: Pick<PolicyDocument, 'compilation'>): string | null {
  if (page === null) return null;
  return document.compilation ? `汇编第 ${page} 页` : `第 ${page} 页`;
}

/** Consecutive chunks of one clause (a long clause split in parts) read as one clause. */
export function clausesOf(chunks: readonly Chunk[], document: Pick<PolicyDocument, 'compilation'>): ClauseView[] {
  const clauses: ClauseView[] = [];
  for (const chunk of chunks) {
    const last = clauses.at(-1);
    if (last && last.path === chunk.clause) {
      last.text += chunk.text;
      last.chunkIds.push(chunk.id);
    } else {
      clauses.push({ path: chunk.clause, text: chunk.text, page: chunk.page, pageLabel: pageLabel(chunk.page, document), chunkIds: [chunk.id] });
    }
  }
  return clauses;
}
