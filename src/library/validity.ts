/**
 * Whether a document is in force: a draft (征求意见稿, 草案), a trial rule (试行), in force, or expired where
 * its own text states a period (自…起施行, 有效期…年, 至…止) that has passed on the given day.
 */
import { z } from 'zod';

export const DOCUMENT_STATUSES = ['draft', 'trial', 'in_force', 'expired'] as const;
export const DocumentStatusSchema = z.enum(DOCUMENT_STATUSES);
export type DocumentStatus = z.infer<typeof DocumentStatusSchema>;

export interface Validity {
  status: DocumentStatus;
  /** `YYYY-MM-DD` the document takes effect, where stated. */
  effectiveFrom: string | null;
  /** Last day it is in force, where stated. */
  effectiveUntil: string | null;
}

/** A title marking a text published for comment, not adopted. */
const DRAFT_TITLE = /征求意见稿|草案|送审稿/u;
const TRIAL_TITLE = /试行/u;
/**
 * The sentence in which a document states its own period starts with its own kind (本办法, 本通知, 本文件…):
 * periods of single measures (执行期限至…) or of cited acts are not the document's.
 */
const OWN_SUBJECT = /本(?:[\u4e00-\u9fa5]{0,4}?)(?:办法|条例|方案|通知|措施|细则|规定|意见|政策|文件|制度|规范|计划|规划|决定|规则|举措|要点|指引|清单)/u;
const DATE = String.raw`(\d{4})年(\d{1,2})月(\d{1,2})日`;
const STARTS_ON_DATE = new RegExp(`自${DATE}起(?:施行|实施|执行|生效|试行)`, 'u');
const STARTS_ON_ISSUE = /自(?:发布|印发|公布|颁布|下发)之日起(?:施行|实施|执行|生效|试行)/u;
const YEARS = /(?:有效期|试行期|执行期)(?:为|限为)?([\d一二两三四五六七八九十]+)年/u;
const UNTIL = new RegExp(`(?:有效期|试行期|执行期限?)?(?:至|到)${DATE}(?:止|截止)?`, 'u');
const CHINESE_DIGITS: Readonly<Record<string, number>> = Object.freeze({ 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 });

/** `YYYY-MM-DD` of a moment, in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function iso(year: string, month: string, day: string): string {
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

function count(text: string): number {
  return /^\d+$/u.test(text) ? Number(text) : CHINESE_DIGITS[text] ?? 0;
}

/** The day before the same date `years` later: 有效期5年 from 2022-01-01 ends 2026-12-31. */
function lastDayAfter(from: string, years: number): string {
  const [year, month, day] = from.split('-').map(Number) as [number, number, number];
  return isoDay(new Date(Date.UTC(year + years, month - 1, day - 1)));
}

/** Sentences of the body that state the document's own period, whitespace removed (lines wrap anywhere). */
function ownPeriodSentences(body: string): string[] {
  return body.replace(/\s+/gu, '').split(/[。；]/u).filter((sentence) => OWN_SUBJECT.test(sentence) && (STARTS_ON_DATE.test(sentence) || STARTS_ON_ISSUE.test(sentence) || YEARS.test(sentence)));
}

/**
 * `date` is the document's own date (for 自印发之日起); `today` is `YYYY-MM-DD`, passed in so that a test
 * can fix the calendar.
 */
export function validityOf(document: { title: string; date: string | null }, body: string, today: string): Validity {
  let effectiveFrom: string | null = null;
  let effectiveUntil: string | null = null;
  for (const sentence of ownPeriodSentences(body)) {
    const onDate = STARTS_ON_DATE.exec(sentence);
    effectiveFrom ??= onDate ? iso(onDate[1] ?? '', onDate[2] ?? '', onDate[3] ?? '') : STARTS_ON_ISSUE.test(sentence) && document.date?.length === 10 ? document.date : null;
    const until = UNTIL.exec(sentence);
    const years = YEARS.exec(sentence);
    if (until) effectiveUntil ??= iso(until[1] ?? '', until[2] ?? '', until[3] ?? '');
    else if (years && effectiveFrom) effectiveUntil ??= lastDayAfter(effectiveFrom, count(years[1] ?? ''));
  }
  const status: DocumentStatus = DRAFT_TITLE.test(document.title) ? 'draft'
    : effectiveUntil !== null && effectiveUntil < today ? 'expired'
      : TRIAL_TITLE.test(document.title) ? 'trial' : 'in_force';
  return { status, effectiveFrom, effectiveUntil };
}

const STATUS_NOTES: Readonly<Record<DocumentStatus, string>> = Object.freeze({
  draft: '（征求意见稿，尚未施行）',
  trial: '（试行）',
  expired: '（已失效）',
  in_force: '',
});

/** What a sentence citing a document of this status says about it; empty for a document in force. */
export function statusNote(status: DocumentStatus): string {
  return STATUS_NOTES[status];
}
