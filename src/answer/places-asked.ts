/**
 * Which places a question asks about, and which of the library's documents speak for each: the place's own,
 * those of its city (for a county) and of its province, and national ones. A place with none of its own, its
 * city's or its province's is one the library does not cover.
 */
import { NATIONAL, placeOfDocument } from '../library/places.ts';
import type { PolicyDocument } from '../library/schema.ts';
import { isAbout, placesIn } from '../search/searcher.ts';
import type { Gazetteer } from './gazetteer.ts';

/** How a clause's document relates to the places a question asks about. */
export type Scope = 'place' | 'province' | 'national' | 'other';

export interface AskedPlace {
  /** As the question names it (short form): 甘孜, 宁波. */
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
  /** The relation of a document to the covered places; `place` for every document when none is asked. */
  scopeOf(document: PolicyDocument): Scope;
}

export interface PlaceIndex {
  resolve(question: string): PlacesAsked;
}

export function createPlaceIndex(documents: readonly PolicyDocument[], libraryPlaces: ReadonlySet<string>, gazetteer: Gazetteer): PlaceIndex {
  const hasOwn = (name: string) => documents.some((document) => document.region !== NATIONAL && isAbout(document, name));
  // A province's own documents (not a city's filed under it) apply to all of its cities.
  const provincesWithOwn = new Set(documents.filter((document) => document.region !== null && placeOfDocument(document) === document.region).map((document) => document.region as string));

  return {
    resolve(question) {
      const fromLibrary = placesIn(question, libraryPlaces);
      const fromGazetteer = gazetteer.placesIn(question);
      const places: AskedPlace[] = [];
      const seen = new Set<string>();
      for (const place of fromGazetteer) {
        // 广东省江门市: the city is what is asked; its province comes along as its province.
        if (place.level === 'province' && fromGazetteer.some((other) => other.level !== 'province' && other.province === place.name)) continue;
        const province = provincesWithOwn.has(place.province) ? place.province : null;
        const own = place.level === 'province' ? null : [place.name, place.city].find((name): name is string => name !== null && hasOwn(name)) ?? null;
        places.push({ name: place.name, own, province });
        seen.add(place.name);
      }
      // Names the library knows that are no administrative division (前海 in 深圳).
      for (const name of fromLibrary) {
        if (seen.has(name) || fromGazetteer.some((place) => place.name.includes(name) || name.includes(place.name))) continue;
        places.push({ name, own: hasOwn(name) ? name : null, province: null });
      }
      const covered = places.filter((place) => place.own !== null || place.province !== null);
      return {
        places,
        uncovered: places.filter((place) => !covered.includes(place)).map((place) => place.name),
        scopeOf(document) {
          if (document.region === NATIONAL) return 'national';
          if (places.length === 0) return 'place';
          if (covered.some((place) => place.own !== null && isAbout(document, place.own))) return 'place';
          const provinceOwn = (place: AskedPlace) => place.province !== null && document.region === place.province && placeOfDocument(document) === place.province;
          // A province asked about is answered by its own documents; for a city they are the province's.
          if (covered.some((place) => place.own === null && place.name === place.province && provinceOwn(place))) return 'place';
          if (covered.some(provinceOwn)) return 'province';
          return 'other';
        },
      };
    },
  };
}
