/**
 * Which places a question asks about, and which of the library's documents speak for each: the place's own,
 * those of its city (for a county) and of its province, and national ones. A place with none of its own, its
 * city's or its province's is one the library does not cover. The one place resolver: the decision, the
 * composition, the question's terms and follow-up rewriting all read places from here.
 */
import { NATIONAL, placeOfDocument } from '../library/places.ts';
import type { PolicyDocument } from '../library/schema.ts';
import { isAbout, placesIn } from '../search/searcher.ts';
import { createGazetteer, type GazetteerPlace } from './gazetteer.ts';

/** How a clause's document relates to the places a question asks about. */
export type Scope = 'place' | 'province' | 'national' | 'other';

export interface AskedPlace {
  /** As the question writes it: 甘孜州, 宁波市, 南山区. */
  written: string;
  /** Short name: 甘孜, 宁波, 南山. */
  name: string;
  /** The place whose own documents answer for it: itself, or its city for a county (澄海 → 汕头); null if none. */
  own: string | null;
  /** Its province, when the library has that province's own documents (广东 for 江门; 吉林 for 吉林). */
  province: string | null;
}

export interface PlacesAsked {
  places: AskedPlace[];
  /** Places the library has no document of, nor of their city or province. */
  uncovered: string[];
  /** Names of the covered places and the provinces that speak for them: what retrieval lifts. */
  covered: string[];
  /** The relation of a document to the covered places; `place` for every document when none is asked. */
  scopeOf(document: PolicyDocument): Scope;
}

export interface PlaceIndex {
  resolve(text: string): PlacesAsked;
}

export function createPlaceIndex(documents: readonly PolicyDocument[], libraryPlaces: ReadonlySet<string>): PlaceIndex {
  const gazetteer = createGazetteer(libraryPlaces);
  const ownDocuments = new Map<string, boolean>();
  const hasOwn = (name: string) => {
    let found = ownDocuments.get(name);
    if (found === undefined) ownDocuments.set(name, (found = documents.some((document) => document.region !== NATIONAL && isAbout(document, name))));
    return found;
  };
  // A province's own documents (not a city's filed under it) apply to all of its cities.
  const provincesWithOwn = new Set(documents.filter((document) => document.region !== null && placeOfDocument(document) === document.region).map((document) => document.region as string));
  const provinceOfLibraryPlace = (name: string) => documents.find((document) => document.region !== NATIONAL && placeOfDocument(document) === name)?.region ?? null;
  const covers = (place: GazetteerPlace) => hasOwn(place.name) || (place.city !== null && hasOwn(place.city)) || provincesWithOwn.has(place.province);

  return {
    resolve(text) {
      const named = gazetteer.placesIn(text);
      const fromLibrary = placesIn(text, libraryPlaces).filter((name) => !named.some(({ written }) => written.includes(name) || name.includes(written)));
      // 南山区 is in 深圳 and in 鹤岗: the one whose city or province the question also names, else one the library covers.
      const chosen = named.map(({ written, candidates }) => {
        const also = candidates.find((candidate) => named.some((other) => other.written !== written && [candidate.city, candidate.province].includes(other.candidates[0]?.name ?? '')));
        return { written, place: also ?? candidates.find(covers) ?? (candidates[0] as GazetteerPlace) };
      });
      const libraryProvinces = new Set(fromLibrary.map(provinceOfLibraryPlace));
      const places: AskedPlace[] = [];
      for (const { written, place } of chosen) {
        // 广东省江门市, 重庆万州: the place inside is what is asked; its province comes along as its province.
        const inside = chosen.some((other) => other.place.level !== 'province' && other.place.province === place.name) || libraryProvinces.has(place.name);
        if (place.level === 'province' && inside) continue;
        const province = provincesWithOwn.has(place.province) ? place.province : null;
        const own = place.level === 'province' ? null : [place.name, place.city].find((name): name is string => name !== null && hasOwn(name)) ?? null;
        places.push({ written, name: place.name, own, province });
      }
      // Names the library knows that are no administrative division of their own (前海, in 深圳).
      for (const name of fromLibrary) places.push({ written: name, name, own: hasOwn(name) ? name : null, province: null });
      const coveredPlaces = places.filter((place) => place.own !== null || place.province !== null);
      return {
        places,
        uncovered: places.filter((place) => !coveredPlaces.includes(place)).map((place) => place.name),
        covered: [...new Set(coveredPlaces.flatMap((place) => [place.own, place.province]).filter((name): name is string => name !== null))],
        scopeOf(document) {
          if (document.region === NATIONAL) return 'national';
          if (places.length === 0) return 'place';
          if (coveredPlaces.some((place) => place.own !== null && isAbout(document, place.own))) return 'place';
          const provinceOwn = (place: AskedPlace) => place.province !== null && document.region === place.province && placeOfDocument(document) === place.province;
          // A province asked about is answered by its own documents; for a city they are the province's.
          if (coveredPlaces.some((place) => place.own === null && place.name === place.province && provinceOwn(place))) return 'place';
          if (coveredPlaces.some(provinceOwn)) return 'province';
          return 'other';
        },
      };
    },
  };
}
