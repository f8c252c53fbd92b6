/**
 * Metadata filters on retrieval (place, issuer, year, document, status) and the facets that offer them:
 * how many documents each value has, so a client can show a place filter with only places that exist.
 */
import { z } from 'zod';
import type { Chunk, PolicyDocument } from '../library/schema.ts';
import { DocumentStatusSchema } from '../library/validity.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

/** One status or several: in a query string, comma-separated (`status=in_force,trial`). */
const StatusesSchema = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : value),
  z.array(DocumentStatusSchema).min(1).max(4),
);

export const SearchFiltersSchema = z.object({
  /** Province-level region, as documents name it (`甘肃`, `国家`). */
  region: text(20).optional(),
  city: text(20).optional(),
  /** The issuing body, exactly as the document's `issuer`. */
  issuer: text(100).optional(),
  /** Year of the document's date. */
  year: z.coerce.number().int().min(1949).max(2100).optional(),
  docId: text(40).optional(),
  status: StatusesSchema.optional(),
  source: text(200).optional(),
}).strict();
export type SearchFilters = z.infer<typeof SearchFiltersSchema>;

const yearOf = (document: PolicyDocument): number | null => (document.date ? Number(document.date.slice(0, 4)) : null);

function documentMatches(document: PolicyDocument, filters: SearchFilters): boolean {
  if (filters.region !== undefined && document.region !== filters.region) return false;
  if (filters.city !== undefined && document.city !== filters.city) return false;
  if (filters.issuer !== undefined && document.issuer !== filters.issuer) return false;
  if (filters.year !== undefined && yearOf(document) !== filters.year) return false;
  if (filters.status !== undefined && !filters.status.includes(document.status)) return false;
  if (filters.source !== undefined && document.source !== filters.source) return false;
  return filters.docId === undefined || document.id === filters.docId;
}

const active = (filters?: SearchFilters): filters is SearchFilters => filters !== undefined && Object.values(filters).some((value) => value !== undefined);

/** A predicate over chunk indices, or undefined when nothing is filtered; documents are checked once each. */
export function filterPredicate(chunks: readonly Chunk[], documents: readonly PolicyDocument[], filters?: SearchFilters): ((index: number) => boolean) | undefined {
  if (!active(filters)) return undefined;
  const allowed = new Set(documents.filter((document) => documentMatches(document, filters)).map((document) => document.id));
  return (index) => allowed.has((chunks[index] as Chunk).docId);
}

export interface FacetValue {
  value: string;
  count: number;
}

export const FACETS = ['region', 'city', 'issuer', 'year', 'status'] as const;
export type Facets = Record<(typeof FACETS)[number], FacetValue[]>;

/** Documents per value of each facet, most first (then by value); documents without a value are not counted. */
export function facetsOf(documents: readonly PolicyDocument[]): Facets {
  const valueOf: Record<(typeof FACETS)[number], (document: PolicyDocument) => string | null> = {
    region: (document) => document.region,
    city: (document) => document.city,
    issuer: (document) => document.issuer,
    year: (document) => yearOf(document)?.toString() ?? null,
    status: (document) => document.status,
  };
  const facets = {} as Facets;
  for (const facet of FACETS) {
    const counts = new Map<string, number>();
    for (const document of documents) {
      const value = valueOf[facet](document);
      if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    facets[facet] = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, 'zh'));
  }
  return facets;
}
