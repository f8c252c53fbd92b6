/** Provincial divisions of China, short names, for the `region` of a document. */
import { type Place, placesAtStart, plainPlaceName } from './gazetteer.ts';

export const PROVINCES: readonly string[] = Object.freeze([
  '北京', '天津', '河北', '山西', '内蒙古', '辽宁', '吉林', '黑龙江', '上海', '江苏', '浙江', '安徽',
  '福建', '江西', '山东', '河南', '湖北', '湖南', '广东', '广西', '海南', '重庆', '四川', '贵州',
  '云南', '西藏', '陕西', '甘肃', '青海', '宁夏', '新疆', '香港', '澳门', '台湾',
]);

/** Region given to documents of the central government. */
export const NATIONAL = '国家';

const PROVINCE_ALTERNATION = PROVINCES.join('|');
const PROVINCE_ANYWHERE = new RegExp(`(${PROVINCE_ALTERNATION})`, 'u');
const NATIONAL_ISSUER = /^(国务院|国家|中共中央|全国|中华人民共和国|[^省市区县]{0,12}部(办公厅)?$)/u;

/** `（一）陕西`, `（三）辽宁省`, `（四）青海（暂无）`: the province sections of a compilation, empty ones too. */
export const PROVINCE_HEADER = new RegExp(
  `^[（(][一二三四五六七八九十]+[）)]\\s*(${PROVINCE_ALTERNATION})(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)?(?:[（(][^）)]{1,8}[）)])?$`,
  'u',
);
/** `八、西北`: the macro-region sections of a compilation. */
export const MACRO_REGION_HEADER = /^[一二三四五六七八九十]+、\s*(华北|东北|华东|华南|华中|西南|西北)(地区)?$/u;

/** The first province named in a text, if any. */
export function findProvince(text: string): string | null {
  return PROVINCE_ANYWHERE.exec(text)?.[1] ?? null;
}

export function isNationalIssuer(issuer: string): boolean {
  return NATIONAL_ISSUER.test(issuer);
}

/** `中共陕西省委`, `宁夏回族自治区`, `国家税务总局黑龙江省税务局`: a province an issuer opens with. */
const LEADING_PROVINCE = new RegExp(`^(?:中共|国家税务总局)?(${PROVINCE_ALTERNATION})(?:省|市|(?:壮族|回族|维吾尔)?自治区)?`, 'u');

export interface NamedPlace {
  /** The province named at the start, if any. */
  province: string | null;
  /** The city or county named next (or first), if any. */
  city: Place | null;
}

/**
 * The province and city an issuer (or a title lacking one) opens with: `广东省江门市…`, `甘孜藏族自治州人民政府…`.
 * A city's name may recur in several provinces; the one named, or else the section's, is meant.
 */
export function placeNamedBy(name: string, sectionRegion: string | null): NamedPlace {
  const leading = LEADING_PROVINCE.exec(name);
  const province = leading?.[1] ?? null;
  const rest = name.slice(leading ? leading[0].length : /^中共/u.test(name) ? 2 : 0);
  const candidates = placesAtStart(rest);
  const within = (region: string | null) => candidates.filter((place) => place.province === region);
  const preferred = province ? within(province) : within(sectionRegion).length > 0 ? within(sectionRegion) : candidates;
  const city = preferred.find((place) => place.level === 'city') ?? preferred[0] ?? null;
  return { province, city };
}

const PLACE_IN_NAME = /^(?:中共)?(?:[^省市]{0,4}?(?:省|自治区))?([^省市县区盟]{2,4}?)(?:市|州|县|区|盟)/u;

type Placed = { title: string; issuer: string | null; region: string | null; city: string | null };

/** The most specific place a document is about (`陇南`, `甘孜`, `甘肃`), `国家` for national ones, null when unknown. */
export function placeOfDocument(document: Placed): string | null {
  if (document.region === NATIONAL) return '国家';
  // Questions name a city without its suffix as often as with it: 甘孜藏族自治州 → 甘孜, 大兴安岭地区 → 大兴安岭.
  if (document.city) return plainPlaceName(document.city).replace(/(?:市|地区|州|区|县|盟|旗)$/u, '');
  // A place the division codes lack (a new district, a development zone), as the issuer or title names it.
  for (const name of [document.issuer ?? '', document.title]) {
    const match = PLACE_IN_NAME.exec(name);
    if (match?.[1] && !/(人民|政府|自治|发展|管理)/u.test(match[1])) return match[1];
  }
  return document.region;
}

/**
 * Place names a question may use for a document: provinces, and the cities or counties that issue
 * documents (`西安市住房和城乡建设局…` → 西安), read from the library itself.
 */
export function placeNames(documents: readonly Placed[]): Set<string> {
  const places = new Set<string>(PROVINCES);
  for (const document of documents) {
    const place = placeOfDocument(document);
    if (place && place !== '国家') places.add(place);
  }
  return places;
}
