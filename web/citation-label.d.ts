/** Types of citation-label.js for the tests (the web code itself is plain JavaScript). */
export interface LabelledCitation {
  page: number | null;
  pageLabel?: string | null;
  docNumber?: string | null;
  issuer?: string | null;
  date?: string | null;
  status?: string;
}
export function chineseDate(date: string | null | undefined): string;
export function pageText(citation: LabelledCitation): string;
export function statusText(status: string | undefined): string;
export function documentLine(citation: LabelledCitation): string;
export function documentName(title: string): string;
