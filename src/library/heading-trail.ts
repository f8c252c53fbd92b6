/**
 * The heading lines above each chunk (`第五条 售电公司注册条件`, `（二）资产要求`): clause paths name
 * articles by number only, but a question names what the article is about. A heading joins its first
 * child's chunk, so its line is found at the start of that chunk and remembered for the siblings after it.
 */
import { parseHeading } from './headings.ts';
import type { Chunk } from './schema.ts';

const PATH_SEPARATOR = ' › ';
/** A heading line's title stops at its first full stop; long ones are sentences, not titles. */
const MAX_TITLE_CHARS = 40;

function title(line: string): string {
  return line.split(/[。；]/u)[0]?.slice(0, MAX_TITLE_CHARS) ?? '';
}

/** For each chunk id, the titles of the headings above it, outermost first, joined by spaces. */
export function headingTrails(chunks: readonly Chunk[]): Map<string, string> {
  const trails = new Map<string, string>();
  const known = new Map<string, string>();
  for (const chunk of chunks) {
    const labels = chunk.clause === '' ? [] : chunk.clause.split(PATH_SEPARATOR);
    // Each leading heading line opens the path label with the same marker (merged siblings open none).
    let next = 0;
    for (const line of chunk.text.split('\n')) {
      const heading = parseHeading(line.trim());
      if (!heading) break;
      const at = labels.findIndex((label, j) => j >= next && label.startsWith(heading.marker));
      if (at < 0) continue;
      known.set(`${chunk.docId}\u0000${labels.slice(0, at + 1).join(PATH_SEPARATOR)}`, title(line.trim()));
      next = at + 1;
    }
    const above = labels.slice(0, -1).map((_, i) => known.get(`${chunk.docId}\u0000${labels.slice(0, i + 1).join(PATH_SEPARATOR)}`) ?? '');
    trails.set(chunk.id, above.filter(Boolean).join(' '));
  }
  return trails;
}
