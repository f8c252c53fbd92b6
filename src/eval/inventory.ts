/**
 * Scores the parsed documents against the hand-checked inventory (eval/documents.jsonl, see eval/README.md):
 * which listed documents the parser finds, matched by title, and how often each field is right.
 */
import { z } from 'zod';
import { plainPlaceName } from '../library/gazetteer.ts';
import type { PolicyDocument } from '../library/schema.ts';
import { normalizeForMatch } from '../library/text.ts';
import { readJsonLines } from './jsonl.ts';

export const InventoryEntrySchema = z.object({
  seed: z.string(),
  n: z.number().int(),
  title: z.string(),
  alt_title: z.string().nullable().optional(),
  date: z.string().nullable(),
  doc_number: z.string().nullable(),
  issuer: z.string().nullable(),
  region: z.string().nullable(),
  city: z.string().nullable(),
  is_draft: z.boolean(),
  draft_kind: z.string().nullable().optional(),
});
export type InventoryEntry = z.infer<typeof InventoryEntrySchema>;

/** The entry of a document begun in an earlier volume has no title of its own. */
const UNTITLED = '(continued)';

export const INVENTORY_FIELDS = ['title', 'date', 'docNumber', 'issuer', 'region', 'city', 'status'] as const;
export type InventoryField = (typeof INVENTORY_FIELDS)[number];

export interface FieldScore {
  /** Entries that state the field. */
  of: number;
  right: number;
  /** `seed#n: expected ≠ parsed`, for the report. */
  wrong: string[];
  /** Entries that state none, for which the parser gives one anyway (a cited document's 文号). */
  spurious: string[];
}

export interface InventoryScore {
  titled: number;
  found: number;
  missing: string[];
  fields: Record<InventoryField, FieldScore>;
}

export function readInventory(file: string): Promise<InventoryEntry[]> {
  return readJsonLines(file, InventoryEntrySchema, 'inventory', 'inventory row');
}

/** `甘孜藏族自治州` and `甘孜州`, `永康市` and `永康`: one place, however it is written. */
function placeKey(name: string | null): string | null {
  return name === null ? null : plainPlaceName(name).replace(/(市|地区|州|区|县|盟|旗)$/u, '');
}

function expectedStatus(entry: InventoryEntry): string {
  if (entry.draft_kind?.includes('试行')) return 'trial';
  return entry.is_draft ? 'draft' : 'in_force';
}

const parsedValue: Record<InventoryField, (doc: PolicyDocument) => string | null> = {
  title: (doc) => normalizeForMatch(doc.title),
  date: (doc) => doc.date,
  docNumber: (doc) => doc.docNumber && normalizeForMatch(doc.docNumber),
  issuer: (doc) => doc.issuer && normalizeForMatch(doc.issuer),
  region: (doc) => doc.region,
  city: (doc) => placeKey(doc.city),
  // The inventory knows drafts and trials, not the calendar: a passed period still counts as in force.
  status: (doc) => (doc.status === 'expired' ? 'in_force' : doc.status),
};

const expectedValue: Record<InventoryField, (entry: InventoryEntry) => string | null> = {
  title: (entry) => normalizeForMatch(entry.title),
  date: (entry) => entry.date,
  docNumber: (entry) => entry.doc_number && normalizeForMatch(entry.doc_number),
  issuer: (entry) => entry.issuer && normalizeForMatch(entry.issuer),
  region: (entry) => entry.region,
  // A province's own documents have no city; that is stated too.
  city: (entry) => (entry.region === null ? null : placeKey(entry.city) ?? ''),
  status: expectedStatus,
};

/** Each titled entry's document: same seed, same title (or its other title), in file order. */
function match(entries: readonly InventoryEntry[], documents: readonly PolicyDocument[]): Map<InventoryEntry, PolicyDocument> {
  const matched = new Map<InventoryEntry, PolicyDocument>();
  const taken = new Set<PolicyDocument>();
  for (const entry of entries) {
    const titles = [entry.title, entry.alt_title].filter((title): title is string => Boolean(title)).map(normalizeForMatch);
    const doc = documents.find((candidate) => !taken.has(candidate) && candidate.source === entry.seed && titles.includes(normalizeForMatch(candidate.title)));
    if (!doc) continue;
    matched.set(entry, doc);
    taken.add(doc);
  }
  return matched;
}

export function scoreInventory(entries: readonly InventoryEntry[], documents: readonly PolicyDocument[]): InventoryScore {
  const titled = entries.filter((entry) => entry.title !== UNTITLED);
  const matched = match(titled, documents);
  const fields = Object.fromEntries(INVENTORY_FIELDS.map((field) => [field, { of: 0, right: 0, wrong: [] as string[], spurious: [] as string[] }])) as Record<InventoryField, FieldScore>;
  for (const entry of titled) {
    const doc = matched.get(entry);
    for (const field of INVENTORY_FIELDS) {
      const expected = expectedValue[field](entry);
      const score = fields[field];
      if (expected === null) {
        const got = doc ? parsedValue[field](doc) : null;
        if (got) score.spurious.push(`${entry.seed.slice(0, 3)}#${entry.n}: ${got}`);
        continue;
      }
      score.of++;
      const got = doc ? parsedValue[field](doc) ?? '' : '(not found)';
      if (got === expected) score.right++;
      else score.wrong.push(`${entry.seed.slice(0, 3)}#${entry.n}: ${expected || '—'} ≠ ${got || '—'}`);
    }
  }
  return {
    titled: titled.length,
    found: matched.size,
    missing: titled.filter((entry) => !matched.has(entry)).map((entry) => `${entry.seed.slice(0, 3)}#${entry.n} ${entry.title}`),
    fields,
  };
}

export function formatInventory(score: InventoryScore): string {
  const rows = INVENTORY_FIELDS.map((field) => {
    const { of, right, spurious } = score.fields[field];
    return `| ${field} | ${of} | ${right} | ${(of === 0 ? 1 : right / of).toFixed(3)} | ${spurious.length} |`;
  });
  return [
    `found ${score.found} of ${score.titled} titled documents${score.missing.length > 0 ? `; missing: ${score.missing.join('; ')}` : ''}`,
    '| field | stated | right | share | given where none is stated |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
