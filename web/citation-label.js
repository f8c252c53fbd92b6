/**
 * How a citation's source reads: its document's title, 文号, issuer, date and page label, never the seed's
 * file name. Pure functions, shared by the answer's source list, the side panel and the copied text.
 */

/** `2023-06-03` → `2023年6月3日`; `2023-06` → `2023年6月`; anything else as it is. */
export function chineseDate(date) {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/u.exec(date ?? '');
  if (!match) return date ?? '';
  return `${match[1]}年${Number(match[2])}月${match[3] ? `${Number(match[3])}日` : ''}`;
}

/** `汇编第 N 页` for a compilation's page (the server says which), `第 N 页` for a document's own. */
export function pageText(citation) {
  return citation.pageLabel ?? (citation.page ? `第 ${citation.page} 页` : '');
}

const STATUS_TEXT = Object.freeze({ draft: '征求意见稿，尚未施行', trial: '试行', expired: '已失效', in_force: '' });

/** The status worth telling a reader (a draft, a trial, an expired text); '' for a document in force. */
export function statusText(status) {
  return STATUS_TEXT[status] ?? '';
}

/** `陕政办发〔2023〕11号 · 陕西省人民政府办公厅 · 2023年6月3日`: what identifies the document, as one line. */
export function documentLine(citation) {
  return [citation.docNumber, citation.issuer, chineseDate(citation.date), statusText(citation.status)].filter(Boolean).join(' · ');
}

/** A document's name in 《》: a title that already holds its 《…》 (国家海关《核准出口商管理办法》) stands as it is. */
export function documentName(title) {
  return title.includes('《') ? title : `《${title}》`;
}
