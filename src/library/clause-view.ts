/** A document as a reader sees it: its clauses in order, each with the chunks it was cut into. */
import type { Chunk } from './schema.ts';

export interface ClauseView {
  path: string;
  text: string;
  page: number | null;
  chunkIds: string[];
}

/** Consecutive chunks of one clause (a long clause split in parts) read as one clause. */
export function clausesOf(chunks: readonly Chunk[]): ClauseView[] {
  const clauses: ClauseView[] = [];
  for (const chunk of chunks) {
    const last = clauses.at(-1);
    if (last && last.path === chunk.clause) {
      last.text += chunk.text;
      last.chunkIds.push(chunk.id);
    } else {
      clauses.push({ path: chunk.clause, text: chunk.text, page: chunk.page, chunkIds: [chunk.id] });
    }
  }
  return clauses;
}
