/**
 * Scores answers on a question set by the eval README's rules: truthfulness (as in Meta's CRAG), citations
 * holding a gold quote, the first citation's document, refusal rates by type and kind, bigram overlap of the
 * first sentence and the whole answer with the reference, length, and a plain baseline in the same run.
 */
import type { Answerer } from '../answer/answerer.ts';
import type { Answer } from '../answer/schema.ts';
import { normalizeForMatch } from '../library/text.ts';
import type { Searcher } from '../search/searcher.ts';
import { LIST_QUESTION } from '../answer/question.ts';
import { splitSentences } from '../answer/sentences.ts';
import type { EvalQuestion } from './metrics.ts';

export interface Overlap {
  precision: number;
  recall: number;
  f1: number;
}

export interface GroupReport {
  n: number;
  truthfulness: number;
  refused: number;
}

export interface AnswerReport {
  answerable: number;
  unanswerable: number;
  /** +1 cited hit, 0 refusal, −1 anything else, over all questions. */
  truthfulness: number;
  /** The best truthfulness this set allows (every answerable one hit, every unanswerable one refused). */
  truthfulnessCeiling: number;
  /** Share of answerable questions answered with a citation that holds a gold quote. */
  citationHit: number;
  /** Share of answered answerable questions whose first citation is from the gold document. */
  firstFromGoldDocument: number;
  /** The same with “…” and "…" taken as one mark: some titles of the dev set write the quotes their seed does not. */
  firstFromGoldDocumentQuotesFolded: number;
  refusedAnswerable: number;
  refusedUnanswerable: number;
  byType: Record<string, GroupReport>;
  byKind: Record<string, GroupReport>;
  /** Bigram overlap with the reference answer, averaged over answered answerable questions. */
  firstSentence: Overlap;
  whole: Overlap;
  /** The top search result's sentence sharing the most bigrams with the question. */
  baseline: Overlap;
  /** Median characters (markers left out) of answers to questions that ask for no list. */
  medianChars: number;
  /** Share of marked sentences with ≥ 60% of their character bigrams in the cited clause. */
  supportedSentences: number;
  /** How each kind of wording around a question moves the verdicts. */
  wording: WordingRow[];
}

export interface WordingRow {
  name: string;
  /** Share of questions whose status or first citation differs from the bare question's. */
  changed: number;
  refusedAnswerable: number;
  refusedUnanswerable: number;
}

/**
 * Wording people put around a question that does not change what is asked: one of each kind the framing reads
 * (courtesy, addresses and urgency, someone else asking, who asks, a lead-in), and one it does not (the asker's
 * own circumstances), so that what is left shows too.
 */
export const WORDING: readonly { name: string; wrap: (question: string) => string }[] = [
  { name: 'courtesy', wrap: (q) => `您好，请问一下，${q}谢谢！` },
  { name: 'address, urgency', wrap: (q) => `领导您好！${q}烦请尽快答复，多谢！` },
  { name: 'someone else asks', wrap: (q) => `最近客户也在问，${q}` },
  { name: 'who asks', wrap: (q) => `我们是一家外贸公司，${q}` },
  { name: 'lead-in', wrap: (q) => `领导让我核实一下细节：${q}` },
  { name: 'circumstances', wrap: (q) => `正在准备材料，${q}` },
];

const SUPPORT = 0.6;

export function bigramSupport(sentence: string, cited: string): number {
  const text = normalizeForMatch(sentence);
  const source = normalizeForMatch(cited);
  const grams = Array.from({ length: Math.max(0, text.length - 1) }, (_, i) => text.slice(i, i + 2));
  return grams.length === 0 ? 1 : grams.filter((gram) => source.includes(gram)).length / grams.length;
}

/** The README's normalization for overlap: NFKC, no whitespace, no markers, no punctuation. */
function overlapText(text: string): string {
  return normalizeForMatch(text.replace(/\[\d+\]/gu, '')).replace(/[\p{P}\p{S}]/gu, '');
}

function bigramCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < text.length; i++) {
    const gram = text.slice(i, i + 2);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** Character-bigram precision, recall and F1, counted with multiplicity. */
export function bigramOverlap(candidate: string, reference: string): Overlap {
  const a = bigramCounts(overlapText(candidate));
  const b = bigramCounts(overlapText(reference));
  let shared = 0;
  for (const [gram, count] of a) shared += Math.min(count, b.get(gram) ?? 0);
  const sizeA = [...a.values()].reduce((sum, n) => sum + n, 0);
  const sizeB = [...b.values()].reduce((sum, n) => sum + n, 0);
  const precision = sizeA === 0 ? 0 : shared / sizeA;
  const recall = sizeB === 0 ? 0 : shared / sizeB;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

function mean(values: readonly Overlap[]): Overlap {
  const avg = (pick: (o: Overlap) => number) => values.reduce((sum, o) => sum + pick(o), 0) / Math.max(1, values.length);
  return { precision: avg((o) => o.precision), recall: avg((o) => o.recall), f1: avg((o) => o.f1) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Up to and including the first marker. */
export function firstSentence(answer: string): string {
  const marker = /\[\d+\]/u.exec(answer);
  return marker ? answer.slice(0, marker.index + marker[0].length) : answer;
}

function citesGold(question: EvalQuestion, answer: Answer): boolean {
  const gold = question.gold_quotes.map(normalizeForMatch);
  return answer.citations.some((citation) => gold.some((quote) => normalizeForMatch(citation.text).includes(quote)));
}

const foldQuotes = (text: string) => text.replace(/[“”„‟]/gu, '"');

function fromGoldDocument(question: EvalQuestion, answer: Answer, fold = false): boolean {
  const first = answer.citations[0];
  if (!first || !question.doc_title) return false;
  const normalize = (text: string) => (fold ? foldQuotes(normalizeForMatch(text)) : normalizeForMatch(text));
  const title = normalize(first.docTitle);
  return question.doc_title.split('；').map(normalize).some((gold) => gold !== '' && (title.includes(gold) || gold.includes(title)));
}

/** +1 answered and cited to a gold quote, 0 refused, −1 anything else. */
export function truthScore(question: EvalQuestion, answer: Answer): number {
  if (answer.refused) return 0;
  return question.type !== 'unanswerable' && citesGold(question, answer) ? 1 : -1;
}

async function baselineSentence(searcher: Searcher, question: string): Promise<string> {
  const [top] = await searcher.search(question, { k: 1 });
  const sentences = splitSentences(top?.chunk.text ?? '');
  let best = '';
  let bestShared = -1;
  for (const { text } of sentences) {
    const shared = bigramOverlap(text, question).recall;
    if (shared > bestShared) [best, bestShared] = [text, shared];
  }
  return best;
}

export interface ScoredAnswer {
  question: EvalQuestion;
  answer: Answer;
  score: number;
}

export async function answerAll(answerer: Answerer, questions: readonly EvalQuestion[]): Promise<ScoredAnswer[]> {
  const scored: ScoredAnswer[] = [];
  for (const question of questions) {
    const answer = await answerer.answer({ question: question.question });
    scored.push({ question, answer, score: truthScore(question, answer) });
  }
  return scored;
}

function group(rows: readonly ScoredAnswer[]): GroupReport {
  return {
    n: rows.length,
    truthfulness: rows.reduce((sum, row) => sum + row.score, 0) / Math.max(1, rows.length),
    refused: rows.filter((row) => row.answer.refused).length / Math.max(1, rows.length),
  };
}

function groupBy(rows: readonly ScoredAnswer[], key: (row: ScoredAnswer) => string | undefined): Record<string, GroupReport> {
  const groups = new Map<string, ScoredAnswer[]>();
  for (const row of rows) {
    const name = key(row);
    if (name !== undefined) groups.set(name, [...(groups.get(name) ?? []), row]);
  }
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([name, members]) => [name, group(members)]));
}

const verdict = (answer: Answer) => `${answer.status} ${answer.citations[0]?.id ?? ''}`;

async function wordingRows(answerer: Answerer, rows: readonly ScoredAnswer[]): Promise<WordingRow[]> {
  const report: WordingRow[] = [];
  for (const { name, wrap } of WORDING) {
    const wrapped = await answerAll(answerer, rows.map((row) => ({ ...row.question, question: wrap(row.question.question) })));
    const answerable = wrapped.filter((row) => row.question.type !== 'unanswerable');
    const unanswerable = wrapped.filter((row) => row.question.type === 'unanswerable');
    report.push({
      name,
      changed: wrapped.filter((row, i) => verdict(row.answer) !== verdict((rows[i] as ScoredAnswer).answer)).length / Math.max(1, wrapped.length),
      refusedAnswerable: group(answerable).refused,
      refusedUnanswerable: group(unanswerable).refused,
    });
  }
  return report;
}

export async function evaluateAnswers(answerer: Answerer, searcher: Searcher, questions: readonly EvalQuestion[]): Promise<AnswerReport> {
  const rows = await answerAll(answerer, questions);
  const answerable = rows.filter((row) => row.question.type !== 'unanswerable');
  const unanswerable = rows.filter((row) => row.question.type === 'unanswerable');
  const answered = answerable.filter((row) => !row.answer.refused);
  let sentences = 0;
  let supported = 0;
  for (const { answer } of answered) {
    for (const [, sentence, n] of answer.answer.matchAll(/([^[\]]+?)\[(\d+)\]/gu)) {
      sentences++;
      const cited = answer.citations.find((citation) => citation.n === Number(n));
      if (cited && bigramSupport(sentence ?? '', cited.text) >= SUPPORT) supported++;
    }
  }
  const withReference = answered.filter((row) => row.question.answer);
  const baselines: Overlap[] = [];
  for (const row of answerable.filter((r) => r.question.answer)) baselines.push(bigramOverlap(await baselineSentence(searcher, row.question.question), row.question.answer ?? ''));
  return {
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    truthfulness: group(rows).truthfulness,
    truthfulnessCeiling: answerable.length / Math.max(1, rows.length),
    citationHit: answerable.filter((row) => !row.answer.refused && citesGold(row.question, row.answer)).length / Math.max(1, answerable.length),
    firstFromGoldDocument: answered.filter((row) => fromGoldDocument(row.question, row.answer)).length / Math.max(1, answered.length),
    firstFromGoldDocumentQuotesFolded: answered.filter((row) => fromGoldDocument(row.question, row.answer, true)).length / Math.max(1, answered.length),
    refusedAnswerable: group(answerable).refused,
    refusedUnanswerable: group(unanswerable).refused,
    byType: groupBy(rows, (row) => row.question.type),
    byKind: groupBy(unanswerable, (row) => row.question.kind ?? 'unknown'),
    firstSentence: mean(withReference.map((row) => bigramOverlap(firstSentence(row.answer.answer), row.question.answer ?? ''))),
    whole: mean(withReference.map((row) => bigramOverlap(row.answer.answer, row.question.answer ?? ''))),
    baseline: mean(baselines),
    medianChars: median(answered.filter((row) => !LIST_QUESTION.test(row.question.question)).map((row) => row.answer.answer.replace(/\[\d+\]/gu, '').length)),
    supportedSentences: supported / Math.max(1, sentences),
    wording: await wordingRows(answerer, rows),
  };
}

const f2 = (n: number) => n.toFixed(2);
const signed = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(2)}`;

export function formatAnswerReport(report: AnswerReport): string {
  const lines = [
    `answers    truthfulness ${signed(report.truthfulness)} (ceiling of this set ${signed(report.truthfulnessCeiling)}) over ${report.answerable + report.unanswerable} questions`,
    `           cited-hit ${f2(report.citationHit)} of ${report.answerable} answerable; first citation from the gold document ${f2(report.firstFromGoldDocument)} of answered (${f2(report.firstFromGoldDocumentQuotesFolded)} with “” and "" as one)`,
    `           refused: ${f2(report.refusedAnswerable)} of answerable, ${f2(report.refusedUnanswerable)} of ${report.unanswerable} unanswerable`,
    `           overlap with the reference (P/R/F1): first sentence ${f2(report.firstSentence.precision)}/${f2(report.firstSentence.recall)}/${f2(report.firstSentence.f1)}, whole ${f2(report.whole.precision)}/${f2(report.whole.recall)}/${f2(report.whole.f1)}, baseline ${f2(report.baseline.precision)}/${f2(report.baseline.recall)}/${f2(report.baseline.f1)}`,
    `           median length (no list asked) ${report.medianChars} characters; marked sentences supported by their citation (≥60% bigrams) ${f2(report.supportedSentences)}`,
    '           group                         n   truthfulness  refused',
  ];
  for (const [name, g] of [...Object.entries(report.byType).map(([k, v]) => [`type ${k}`, v] as const), ...Object.entries(report.byKind).map(([k, v]) => [`kind ${k}`, v] as const)]) {
    lines.push(`           ${name.padEnd(30)}${String(g.n).padStart(3)}   ${signed(g.truthfulness).padStart(6)}       ${f2(g.refused)}`);
  }
  lines.push('           wording around the question   verdicts changed  answerable refused  unanswerable refused');
  for (const row of report.wording) lines.push(`           ${row.name.padEnd(30)}${f2(row.changed).padStart(5)}             ${f2(row.refusedAnswerable)}                ${f2(row.refusedUnanswerable)}`);
  return lines.join('\n');
}
