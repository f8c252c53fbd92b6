/** Shared fixtures of the library tests: the real seed files and the eval rule's normalization. */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { type Library, loadLibrary } from '../../src/library/library.ts';
import type { Chunk } from '../../src/library/schema.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SEEDS_DIR = path.join(REPO_ROOT, 'seeds');
/** The dev question set, kept in the repository (`eval/`, a copy of the shared set). */
export const DEV_SET = path.join(REPO_ROOT, 'eval', 'dev.jsonl');
export const OOS_SET = path.join(REPO_ROOT, 'eval', 'oos.jsonl');

/**
 * The normalization of the eval README, written out here rather than imported, so the tests do not
 * trust the parser's own copy: Unicode NFKC, then no whitespace at all.
 */
export function normalize(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

/** `# Page N:` marker lines, which are not content. */
const PAGE_MARKER_LINE = /^[ \t]*#[ \t]*Page[ \t]+\d+[ \t]*:?[ \t]*$/gimu;

export function withoutPageMarkers(text: string): string {
  return text.replace(PAGE_MARKER_LINE, '');
}

/** The seed file whose name starts with `prefix` (`'002'` → `002_041f23564040a89e.txt`). */
export function seedName(prefix: string): string {
  const name = readdirSync(SEEDS_DIR).find((file) => file.startsWith(prefix));
  if (!name) throw new Error(`no seed file starting with ${prefix} in ${SEEDS_DIR}`);
  return name;
}

export function seedText(prefix: string): string {
  return readFileSync(path.join(SEEDS_DIR, seedName(prefix)), 'utf8');
}

let library: Promise<Library> | null = null;

/** The seeds parsed once per test file. */
export function seedLibrary(): Promise<Library> {
  library ??= loadLibrary(SEEDS_DIR);
  return library;
}

export function chunksOf(lib: Library, prefix: string): Chunk[] {
  const source = seedName(prefix);
  return lib.chunks.filter((chunk) => chunk.source === source);
}

const normalizedTexts = new WeakMap<Chunk, string>();

/** A chunk's normalized text, computed once per chunk. */
export function normalizedText(chunk: Chunk): string {
  let text = normalizedTexts.get(chunk);
  if (text === undefined) {
    text = normalize(chunk.text);
    normalizedTexts.set(chunk, text);
  }
  return text;
}

/** Chunks whose normalized text contains the normalized quote. */
export function chunksQuoting(chunks: readonly Chunk[], quote: string): Chunk[] {
  const needle = normalize(quote);
  return chunks.filter((chunk) => normalizedText(chunk).includes(needle));
}

/** Pages of a seed text by offset: the page of the last `# Page N:` marker at or before it. */
export function pageAt(text: string): (offset: number) => number | null {
  const markers = [...text.matchAll(PAGE_MARKER_LINE)].map((match) => ({ at: match.index, page: Number(/\d+/u.exec(match[0])?.[0]) }));
  return (offset) => {
    let page: number | null = null;
    for (const marker of markers) {
      if (marker.at > offset) break;
      page = marker.page;
    }
    return page;
  };
}

export function covers(chunk: Chunk, page: number): boolean {
  return chunk.pages !== null && chunk.pages[0] <= page && page <= chunk.pages[1];
}
