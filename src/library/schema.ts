import { z } from 'zod';
import { DocumentStatusSchema } from './validity.ts';

/** [first, last] page of a source with `# Page N:` markers; null where the source has no pages. */
export const PageRangeSchema = z.tuple([z.number().int(), z.number().int()]).nullable();

/** One policy document found in a seed file. */
export const PolicyDocumentSchema = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string(),
  issuer: z.string().nullable(),
  /** Province-level, short (`甘肃`), `国家` for central bodies. */
  region: z.string().nullable(),
  /** City, prefecture or county of a local document; null for a province's or the state's own. */
  city: z.string().nullable(),
  date: z.string().nullable(),
  docNumber: z.string().nullable(),
  status: DocumentStatusSchema,
  effectiveFrom: z.string().nullable(),
  effectiveUntil: z.string().nullable(),
  /** The file holds several documents: its pages are the compilation's, not the document's own. */
  compilation: z.boolean(),
  pages: PageRangeSchema,
  chunks: z.number().int(),
});
export type PolicyDocument = z.infer<typeof PolicyDocumentSchema>;

/** The unit of retrieval and citation: one clause (or part of a long one) of one document. */
export const ChunkSchema = z.object({
  id: z.string(),
  docId: z.string(),
  docTitle: z.string(),
  /** Clause path joined with ' › ', e.g. `第二章 注册条件 › 第五条 › （二）`; '' for a preamble. */
  clause: z.string(),
  source: z.string(),
  page: z.number().int().nullable(),
  pages: PageRangeSchema,
  /** Character offsets [start, end) of the chunk's text in its seed file (UTF-16 code units). */
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
});
export type Chunk = z.infer<typeof ChunkSchema>;
