/**
 * China's administrative divisions (GB/T 2260, from the `china-area-data` package), so that a question naming a
 * place the library has no document of (苏州, 泉州, 甘孜州) is recognised as such, whatever place it is, and a
 * county is traced to its city and province (澄海 → 汕头 → 广东).
 */
import { createRequire } from 'node:module';
import { PROVINCES } from '../library/places.ts';
import { getJieba } from '../search/tokenize.ts';

export interface GazetteerPlace {
  /** Short name as the library's places use it: 苏州, 甘孜, 澄海. */
  name: string;
  level: 'province' | 'city' | 'county';
  /** Short names of the city (for a county) and the province it lies in. */
  city: string | null;
  province: string;
}

/** `{ "86": { "320000": "江苏省" }, "320000": { "320500": "苏州市" }, … }` */
type AreaData = Record<string, Record<string, string>>;

/** Peoples named in autonomous divisions (甘孜藏族自治州, 黔东南苗族侗族自治州), so their names can be cut off. */
const PEOPLES = '藏|彝|苗|侗|布依|壮|回|维吾尔|蒙古|朝鲜|土家|哈尼|傣|景颇|傈僳|白|羌|哈萨克|柯尔克孜|满|瑶|黎|畲|仡佬|水|纳西|拉祜|佤|土|撒拉|东乡|保安|裕固|达斡尔|鄂温克|鄂伦春|锡伯|仫佬|毛南|独龙|怒|普米|阿昌|德昂|基诺|门巴|珞巴|京|塔吉克|各';
const SUFFIX = new RegExp(`(?:(?:${PEOPLES})族)*(?:自治[州县旗区]|特别行政区|地区|新区|林区|省|市|州|县|区|旗|盟)$`, 'u');
const MIN_NAME = 2;

function shortName(full: string): string {
  const short = full.replace(SUFFIX, '');
  return short.length >= MIN_NAME ? short : full;
}

function provinceShort(full: string): string {
  return PROVINCES.find((province) => full.startsWith(province)) ?? shortName(full);
}

export interface Gazetteer {
  /** Places named in a text, longest names first, none inside another found one. */
  placesIn(text: string): GazetteerPlace[];
}

export function createGazetteer(): Gazetteer {
  const data = createRequire(import.meta.url)('china-area-data/v5/data.json') as AreaData;
  const byAlias = new Map<string, GazetteerPlace>();
  const bare = new Set<string>();
  const add = (alias: string, place: GazetteerPlace) => {
    if (alias === place.name) bare.add(alias);
    const known = byAlias.get(alias);
    // 吉林 is a province and a city, 海南 a province and a prefecture: the larger division wins.
    if (!known || rank(place.level) < rank(known.level)) byAlias.set(alias, place);
  };
  for (const [provinceCode, provinceFull] of Object.entries(data['86'] ?? {})) {
    const province = provinceShort(provinceFull);
    add(provinceFull, { name: province, level: 'province', city: null, province });
    add(province, { name: province, level: 'province', city: null, province });
    for (const [cityCode, cityFull] of Object.entries(data[provinceCode] ?? {})) {
      // Municipalities list districts directly under 市辖区; those are counties of the municipality.
      const isDistrictList = cityFull === '市辖区' || cityFull === '县' || cityFull === '省直辖县级行政区划' || cityFull === '自治区直辖县级行政区划';
      const city = isDistrictList ? null : { name: shortName(cityFull), level: 'city' as const, city: null, province };
      if (city) {
        add(cityFull, city);
        add(city.name, city);
        // 甘孜藏族自治州 is said 甘孜州.
        if (/自治州$/u.test(cityFull)) add(`${city.name}州`, city);
      }
      for (const countyFull of Object.values(data[cityCode] ?? {})) {
        if (countyFull === '市辖区') continue;
        const county = { name: shortName(countyFull), level: 'county' as const, city: city?.name ?? null, province };
        add(countyFull, county);
        // District and county names are often ordinary words (和平, 城关, 新华): only county-level cities go bare.
        if (/市$/u.test(countyFull)) add(county.name, county);
      }
    }
  }
  const aliases = [...byAlias.keys()].sort((a, b) => b.length - a.length);
  return {
    placesIn(text) {
      const found: GazetteerPlace[] = [];
      // A bare name must not be part of a longer word: 阿里 (a prefecture) is not in 阿里巴巴.
      const tokens = getJieba().cut(text, true);
      const insideWord = (alias: string) => tokens.some((token) => token.length > alias.length && token.includes(alias) && !byAlias.has(token));
      let rest = text;
      for (const alias of aliases) {
        if (!rest.includes(alias) || (bare.has(alias) && insideWord(alias))) continue;
        const place = byAlias.get(alias) as GazetteerPlace;
        if (!found.some((other) => other.name === place.name)) found.push(place);
        rest = rest.replaceAll(alias, '\u0000');
      }
      return found;
    },
  };
}

function rank(level: GazetteerPlace['level']): number {
  return level === 'province' ? 0 : level === 'city' ? 1 : 2;
}
