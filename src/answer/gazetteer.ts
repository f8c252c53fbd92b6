/**
 * The places a question names, read against China's administrative divisions (the library's division codes),
 * so that a place the library has no document of (苏州, 泉州) is recognised as one, whatever place it is, and a
 * county is traced to its city and province (澄海区 → 汕头 → 广东).
 */
import { allDivisions, plainPlaceName } from '../library/gazetteer.ts';
import { PROVINCES } from '../library/places.ts';
import { getJieba } from '../search/tokenize.ts';

export interface GazetteerPlace {
  /** Short name as the library's places use it: 苏州, 甘孜, 澄海. */
  name: string;
  level: 'province' | 'city' | 'county';
  /** Short name of the city a county belongs to (汕头 for 澄海), if any. */
  city: string | null;
  province: string;
}

/** A name the question uses, with every division it may mean (南山区 is in 深圳 and in 鹤岗). */
export interface NamedPlace {
  written: string;
  candidates: GazetteerPlace[];
}

export interface Gazetteer {
  /** Places named in a text, longest names first, none inside another found one. */
  placesIn(text: string): NamedPlace[];
}

const SUFFIX = /(?:特别行政区|自治区|地区|新区|林区|省|市|州|县|区|旗|盟)$/u;
const LONGEST_NAME = 12;
/** A full county name this short (城区, 郊区, 矿区) is an ordinary word as often as a place. */
const SHORTEST_COUNTY_NAME = 3;

function shortName(official: string): string {
  const short = plainPlaceName(official).replace(SUFFIX, '');
  return short.length >= 2 ? short : official;
}

/**
 * `knownNames` are the places the library has documents of: of counties only those may be named bare
 * (永康, 万州); other county names are often ordinary words (合作, 安宁, 东方) and need their 市/县/区.
 */
export function createGazetteer(knownNames: ReadonlySet<string>): Gazetteer {
  const byAlias = new Map<string, GazetteerPlace[]>();
  /** Aliases without a suffix: they count only as words of their own. */
  const bare = new Set<string>();
  const add = (alias: string, place: GazetteerPlace, isBare = false) => {
    const list = byAlias.get(alias) ?? [];
    if (!list.some((other) => other.name === place.name && other.level === place.level && other.province === place.province)) list.push(place);
    byAlias.set(alias, list);
    if (isBare) bare.add(alias);
  };
  for (const province of PROVINCES) add(province, { name: province, level: 'province', city: null, province }, true);
  for (const division of allDivisions()) {
    const name = shortName(division.name);
    const place: GazetteerPlace = { name, level: division.level, city: division.city ? shortName(division.city) : null, province: division.province };
    if (division.level === 'county' && division.name.length < SHORTEST_COUNTY_NAME) continue;
    add(division.name, place);
    if (plainPlaceName(division.name) !== division.name) add(plainPlaceName(division.name), place);
    if (name !== division.name && (division.level === 'city' || knownNames.has(name))) add(name, place, true);
  }
  for (const province of PROVINCES) {
    for (const suffix of ['省', '市', '自治区', '壮族自治区', '回族自治区', '维吾尔自治区', '特别行政区']) {
      if (!byAlias.has(`${province}${suffix}`)) add(`${province}${suffix}`, { name: province, level: 'province', city: null, province });
    }
  }

  // Most positions of a question start no name: their first two characters say so with one lookup.
  const starts = new Set([...byAlias.keys()].map((alias) => alias.slice(0, 2)));

  return {
    placesIn(text) {
      let tokens: string[] | undefined;
      // A bare name must not be part of a longer word: 阿里 (a prefecture) is not in 阿里巴巴.
      const insideWord = (alias: string) => (tokens ??= getJieba().cut(text, true)).some((token) => token.length > alias.length && token.includes(alias) && !byAlias.has(token));
      const found: NamedPlace[] = [];
      for (let at = 0; at < text.length; at++) {
        if (!starts.has(text.slice(at, at + 2))) continue;
        for (let length = Math.min(LONGEST_NAME, text.length - at); length >= 2; length--) {
          const written = text.slice(at, at + length);
          const candidates = byAlias.get(written);
          if (!candidates || (bare.has(written) && insideWord(written))) continue;
          if (!found.some((other) => other.candidates[0]?.name === candidates[0]?.name)) found.push({ written, candidates });
          at += length - 1;
          break;
        }
      }
      return found;
    },
  };
}
