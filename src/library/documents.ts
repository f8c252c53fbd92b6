/**
 * Finds the documents inside a seed file: compilations with a table of contents, compilations of
 * numbered titles that end with a date, or a single document; and what each title states about it.
 */
import type { Line } from './lines.ts';
import { MACRO_REGION_HEADER, NATIONAL, PROVINCE_HEADER, findProvince, isNationalIssuer, placeNamedBy } from './places.ts';
import { joinWrapped, tidyTitle } from './text.ts';

export interface DocumentMeta {
  title: string;
  issuer: string | null;
  region: string | null;
  /** The city, prefecture or county of a local document (`甘孜藏族自治州`, `永济市`); null for a province's own. */
  city: string | null;
  date: string | null;
  docNumber: string | null;
}

export interface DocumentSegment extends DocumentMeta {
  /** Every line of the document, section headers and title lines included. */
  lines: Line[];
  /** Index in `lines` of the first body line (after the title). */
  bodyFrom: number;
}

export interface Segmentation {
  documents: DocumentSegment[];
  /** Lines that are not content (the table of contents). */
  skipped: Line[];
}

interface TitleMatch {
  title: string;
  /** Number of lines the title spans. */
  span: number;
}

const TOC_HEADING = /^目\s*录$/u;
const TOC_ENTRY = /^(.+?)(?:\t+|\s*[.…·]{2,}\s*|\s{2,})(\d+)$/u;
// The number may stand alone on its line, the title wrapped onto the next ones.
const NUMBERED_TITLE = /^(\d{1,3})\s*[.．]\s*(.*)$/u;
const LIST_ITEM = /^\d{1,3}\s*[.．](?!\d)/u;
const TITLE_DATE = /[（(]\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日?)?\s*[）)]$/u;
/**
 * A document's own date ends a line of no sentence (`2023 年2 月10 日`, `永济市人民政府2022年4月2日`,
 * `2022年4月2日印发`); dates inside sentences are deadlines, effective dates or cited documents'.
 */
const DATE_LINE_CHARS = 60;
const DATE_LINE = /^[^，。；,;：:]*?(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[)）]?\s*(?:印发|发布)?$/u;
/** A document number heads its own line, unlike the numbers of documents it cites. */
const DOC_NUMBER = /^[\u4e00-\u9fa5]{1,12}\s*[〔[［【（(]\s*\d{4}\s*[〕\]］】）)]\s*\d+\s*号/u;
const REGION_SCAN_CHARS = 3000;
/** The title of a document begun in an earlier volume: readers see it, so it names no file. */
const CONTINUED_TITLE = '续前卷文件（标题在前一卷）';
const TITLE_WORDS = /(关于|办法|规划|方案|通知|意见|条例|措施|决定|规定|细则|举措|任务|要点|计划)/u;
/** PDF extraction wraps a long title over up to five lines after its number. */
const MAX_TITLE_LINES = 6;
/** A title the parser could not read must not hide the ones after it: numbering may resume a few further on. */
const MAX_SKIPPED_NUMBERS = 2;

function isoDate(year: string, month: string, day: string | undefined): string {
  const pad = (v: string) => v.padStart(2, '0');
  return day ? `${year}-${pad(month)}-${pad(day)}` : `${year}-${pad(month)}`;
}

/** A `1. …（2023 年6 月3 日）` title, possibly wrapped over a few lines. */
function numberedTitleAt(lines: Line[], i: number, expected: number): TitleMatch | null {
  const first = NUMBERED_TITLE.exec(lines[i]?.text ?? '');
  const number = Number(first?.[1]);
  // A new section starts at 1; otherwise the next number, or one a little further when a title was unreadable.
  const inSequence = number === 1 || (number >= expected && number <= expected + MAX_SKIPPED_NUMBERS);
  if (!first || !inSequence || /[。；]/u.test(first[2] ?? '')) return null;
  let text = first[2] ?? '';
  for (let span = 1; span <= MAX_TITLE_LINES; span++) {
    if (TITLE_DATE.test(text)) return { title: text, span };
    const next = lines[i + span];
    // Titles are not sentences: a full stop means this is a numbered item of a document, and a line
    // opening with the next list number (`2.城镇燃气…`, not `2.0版`) is a list, not a wrapped title.
    if (!next || text.length > 200 || /[。；]/u.test(next.text) || LIST_ITEM.test(next.text)) return null;
    text = joinWrapped(text, next.text);
  }
  return null;
}

function tocTitles(lines: Line[]): { titles: string[]; tocLines: Line[] } {
  const at = lines.findIndex((line) => TOC_HEADING.test(line.text));
  if (at < 0) return { titles: [], tocLines: [] };
  const tocLines: Line[] = [lines[at] as Line];
  const titles: string[] = [];
  for (let i = at + 1; i < lines.length; i++) {
    const entry = TOC_ENTRY.exec((lines[i] as Line).text);
    if (!entry) break;
    titles.push(tidyTitle(entry[1] ?? ''));
    tocLines.push(lines[i] as Line);
  }
  return titles.length >= 2 ? { titles, tocLines } : { titles: [], tocLines: [] };
}

function singleTitle(lines: Line[], source: string): string {
  const candidate = lines.slice(0, 12).find((line) => line.text.length <= 80 && TITLE_WORDS.test(line.text) && !/[。；]/u.test(line.text));
  const short = lines[0] && lines[0].text.length <= 40 && !/[。；，]/u.test(lines[0].text) ? lines[0].text : null;
  return tidyTitle(candidate?.text ?? short ?? source.replace(/\.[^.]+$/u, ''));
}

function bodyText(lines: Line[], limit: number): string {
  let text = '';
  for (const line of lines) {
    if (text.length >= limit) break;
    text += line.text;
  }
  return text;
}

/**
 * Province: the one the issuer names, else its city's (a prefecture filed under another province's section
 * keeps its own), else the section's, else 国家 for central bodies, else the first the text names.
 */
function placeOf(bare: string, issuer: string | null, lines: Line[], sectionRegion: string | null): Pick<DocumentMeta, 'region' | 'city'> {
  const named = placeNamedBy(issuer ?? bare, sectionRegion);
  const national = issuer !== null && isNationalIssuer(issuer) ? NATIONAL : null;
  return {
    region: named.province ?? named.city?.province ?? sectionRegion ?? national ?? findProvince(bare) ?? findProvince(bodyText(lines, REGION_SCAN_CHARS)),
    city: named.city?.name ?? null,
  };
}

function describe(title: string, lines: Line[], bodyFrom: number, sectionRegion: string | null): DocumentMeta {
  const bare = title.replace(TITLE_DATE, '').trim();
  const issuerMatch = /^(.{2,40}?)(?:《|关于)/u.exec(bare);
  const issuer = issuerMatch ? tidyTitle(issuerMatch[1] ?? '').replace(/印发$/u, '') || null : null;
  const headLines = lines.slice(bodyFrom, bodyFrom + 8).map((line) => line.text);
  const tail = lines.slice(-4).map((line) => line.text);
  const dateMatch = TITLE_DATE.exec(title) ?? [...headLines, ...tail].map((text) => (text.length <= DATE_LINE_CHARS ? DATE_LINE.exec(text) : null)).find(Boolean);
  return {
    title: tidyTitle(bare),
    issuer,
    ...placeOf(bare, issuer, lines, sectionRegion),
    date: dateMatch ? isoDate(dateMatch[1] ?? '', dateMatch[2] ?? '', dateMatch[3]) : null,
    docNumber: headLines.map((text) => DOC_NUMBER.exec(text)?.[0]).find(Boolean)?.replace(/\s+/gu, '') ?? null,
  };
}

interface Start {
  index: number;
  title: string;
  span: number;
  region: string | null;
}

/** Where documents start: after TOC titles, or numbered dated titles inside province sections. */
function findStarts(lines: Line[], titles: string[]): Start[] {
  const starts: Start[] = [];
  const wanted = new Set(titles);
  let region: string | null = null;
  let expected = 1;
  let pendingHeaders = 0;
  for (let i = 0; i < lines.length; i++) {
    const text = (lines[i] as Line).text;
    const province = PROVINCE_HEADER.exec(text);
    if (province || MACRO_REGION_HEADER.test(text)) {
      if (province) region = province[1] ?? null;
      expected = 1;
      pendingHeaders++;
      continue;
    }
    const tocTitle = wanted.size > 0 && wanted.has(tidyTitle(text)) ? tidyTitle(text) : null;
    const numbered = tocTitle ? null : numberedTitleAt(lines, i, expected);
    if (tocTitle) {
      wanted.delete(tocTitle);
      starts.push({ index: i, title: tocTitle, span: 1, region: null });
    } else if (numbered) {
      // Section headers just before a title belong to that document's preamble.
      starts.push({ index: i - pendingHeaders, title: numbered.title, span: numbered.span + pendingHeaders, region });
      expected = Number(NUMBERED_TITLE.exec(text)?.[1]) + 1;
      i += numbered.span - 1;
    }
    pendingHeaders = 0;
  }
  return starts;
}

export function segmentDocuments(source: string, allLines: Line[]): Segmentation {
  const { titles, tocLines } = tocTitles(allLines);
  const skip = new Set(tocLines);
  const lines = allLines.filter((line) => !skip.has(line));
  if (lines.length === 0) return { documents: [], skipped: tocLines };
  const starts = findStarts(lines, titles);
  const documents: DocumentSegment[] = [];
  const firstStart = starts[0]?.index ?? lines.length;
  if (firstStart > 0) {
    // Text before the first title: a front page, or the end of a document begun in another file.
    const front = lines.slice(0, firstStart);
    // A compilation may open mid-document, its title in the previous volume: say so rather than invent one.
    const title = starts.length === 0 ? singleTitle(front, source) : singleTitle(front.slice(0, 1), CONTINUED_TITLE);
    documents.push({ ...describe(title, front, 0, null), lines: front, bodyFrom: 0 });
  }
  starts.forEach((start, k) => {
    const end = starts[k + 1]?.index ?? lines.length;
    const docLines = lines.slice(start.index, end);
    documents.push({ ...describe(start.title, docLines, start.span, start.region), lines: docLines, bodyFrom: start.span });
  });
  return { documents, skipped: tocLines };
}
