/**
 * A library N times the seeds for the cost curve: copy 0 is the seeds as they are, each further copy
 * has every place name (provinces, and the cities the documents are about) replaced by an invented one,
 * so its documents have their own titles, issuers and regions and are distinct documents, not repeats.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadLibrary } from '../library/library.ts';
import { placeNames } from '../library/places.ts';

/** Characters of invented place names: none of them starts a real province's name. */
const NAME_CHARACTERS = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥赤橙绿蓝紫金银铜锡玉珠翠碧琼瑶璃霞虹岚峦溪涧';

/** The `n`-th invented name: three characters, distinct for every n below NAME_CHARACTERS.length³. */
function inventedName(n: number): string {
  const base = NAME_CHARACTERS.length;
  return [n % base, Math.floor(n / base) % base, Math.floor(n / base / base) % base].map((i) => NAME_CHARACTERS[i]).join('');
}

/** Writes `copies` copies of the library in `sourceDir` under `targetDir`; returns the number of files written. */
export async function writeScaledLibrary(sourceDir: string, targetDir: string, copies: number): Promise<number> {
  const library = await loadLibrary(sourceDir);
  // Longest first, so 内蒙古 is replaced whole, not as a shorter name inside it.
  const places = [...placeNames(library.documents)].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(places.map((place) => place.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')).join('|'), 'gu');
  const texts = await Promise.all(library.files.map(async (file) => ({ file, text: await readFile(path.join(sourceDir, file), 'utf8') })));
  let written = 0;
  for (let copy = 0; copy < copies; copy++) {
    const renames = new Map(places.map((place, i) => [place, inventedName(copy * places.length + i)]));
    for (const { file, text } of texts) {
      const target = path.join(targetDir, `copy-${String(copy).padStart(3, '0')}`, file);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, copy === 0 ? text : text.replace(pattern, (place) => renames.get(place) ?? place));
      written++;
    }
  }
  return written;
}
