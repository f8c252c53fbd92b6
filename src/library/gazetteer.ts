/**
 * China's cities and counties with their provinces (china-area-data: the statistics bureau's division codes),
 * so a city's document knows its province even when a compilation files it under another one.
 */
import { createRequire } from 'node:module';
import { z } from 'zod';

export interface Place {
  /** Official name, e.g. `甘孜藏族自治州`, `永济市`, `万州区`. */
  name: string;
  /** Short province name, as in PROVINCES. */
  province: string;
  /** A prefecture-level city (地级) or a county-level one (县级). */
  level: 'city' | 'county';
  /** For a county: the official name of its prefecture-level city, if it has one (`汕头市` for `澄海区`). */
  city?: string;
}

/** `{ "86": { provinceCode: name }, provinceCode: { cityCode: name }, cityCode: { countyCode: name } }`. */
const AreaDataSchema = z.record(z.string(), z.record(z.string(), z.string()));
/** Groupings in the codes that are not places of their own. */
const GROUPING = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/u;
/** `甘孜藏族自治州` is written `甘孜州` as often, `恩施土家族苗族自治州` `恩施州`, `峨边彝族自治县` `峨边县`. */
const ETHNIC_AUTONOMY = /^([\u4e00-\u9fa5]{2,}?)(?:[\u4e00-\u9fa5]{1,4}?族)+自治(州|县|旗)$/u;
/** The longest name (大兴安岭地区, 克拉玛依市) a document starts with, in characters. */
const LONGEST_NAME = 12;

/** A place's name without its ethnic autonomy: `甘孜藏族自治州` → `甘孜州`; other names as they are. */
export function plainPlaceName(name: string): string {
  return name.replace(ETHNIC_AUTONOMY, '$1$2');
}

let divisions: Place[] | null = null;

/** Every city and county of the division codes, read and checked once. */
export function allDivisions(): readonly Place[] {
  if (divisions) return divisions;
  const data = AreaDataSchema.parse(createRequire(import.meta.url)('china-area-data/data.json'));
  const found: Place[] = [];
  for (const [provinceCode, provinceName] of Object.entries(data['86'] ?? {})) {
    // `内蒙古自治区` → `内蒙古`, `广西壮族自治区` → `广西`: the short names documents carry as region.
    const province = provinceName.replace(/(?:壮族|回族|维吾尔)?自治区$|省$|市$|特别行政区$/u, '');
    for (const [cityCode, cityName] of Object.entries(data[provinceCode] ?? {})) {
      const grouping = GROUPING.test(cityName);
      if (!grouping) found.push({ name: cityName, province, level: 'city' });
      for (const countyName of Object.values(data[cityCode] ?? {})) {
        if (!GROUPING.test(countyName)) found.push({ name: countyName, province, level: 'county', ...(grouping ? {} : { city: cityName }) });
      }
    }
  }
  divisions = found;
  return found;
}

function buildIndex(): Map<string, Place[]> {
  const index = new Map<string, Place[]>();
  const add = (written: string, place: Place): void => {
    const list = index.get(written) ?? [];
    if (!list.some((other) => other.name === place.name && other.province === place.province)) list.push(place);
    index.set(written, list);
  };
  const register = (place: Place): void => {
    add(place.name, place);
    const plain = plainPlaceName(place.name);
    if (plain !== place.name) add(plain, place);
  };
  for (const place of allDivisions()) register(place);
  return index;
}

let index: Map<string, Place[]> | null = null;

/** The places named at the start of `text`, by the longest name that fits (`克拉玛依市`, not `克拉玛依区`). */
export function placesAtStart(text: string): Place[] {
  index ??= buildIndex();
  for (let length = Math.min(LONGEST_NAME, text.length); length >= 2; length--) {
    const found = index.get(text.slice(0, length));
    if (found) return found;
  }
  return [];
}
