/**
 * The extractive answer: the sentences of the retrieved clauses that answer the question, each ending
 * with the marker of the clause it comes from. Words are the clauses' own; a sentence may be shortened.
 */
import { pageLabel } from '../library/clause-view.ts';
import { placeOfDocument } from '../library/places.ts';
import { isAbout, type SearchHit } from '../search/searcher.ts';
import { LRUCache } from 'lru-cache';
import { words } from '../search/tokenize.ts';
import { type QuestionProfile, coverage, wordCoverage } from './question.ts';
import { statesFigure } from './refusal.ts';
import type { Citation } from './schema.ts';
import { shortenSentence, splitSentences, withoutListMarker } from './sentences.ts';

export interface ComposedAnswer {
  sentences: string[];
  citations: Citation[];
}

interface Candidate {
  text: string;
  hit: SearchHit;
  /** From a document about a place the question names (true when it names none). */
  local: boolean;
  rank: number;
  at: number;
  score: number;
}

const ANSWER_CHARS = 300;
const LIST_ANSWER_CHARS = 560;
const SENTENCE_CHARS = 200;
/** In a long sentence, a question asking for a figure wants the part that states it above all. */
const FIGURE_BONUS = 1;
/** A sentence with the asked-about term and a figure is the direct answer, whatever else it shares. */
const FOCUS_BONUS = 0.6;
/** Sentences below this share of the best one's score add noise, not answer. */
const RELATIVE_FLOOR = 0.45;
/** Sentences in an answer, and in one that asks for a list or compares places. */
const MAX_SENTENCES = 4;
const MAX_LIST_SENTENCES = 7;
/** `（市发展改革委牵头，…负责）`: who is responsible, in brackets — an annotation, not an answer on its own. */
const ANNOTATION = /^[（(〔][^）)〕]*[）)〕]$/u;
/** A clause heading standing as its own sentence (`2. 实施普惠性失业保险稳岗返还政策。`): it names, it does not answer. */
const HEADING_SENTENCE = /^(?:[-•]\s*)?(?:第[一二三四五六七八九十百\d]+[章节条]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])/u;
const HEADING_CHARS = 30;

function bigramSet(text: string): Set<string> {
  const set = new Set<string>();
  const clean = text.replace(/[\s\p{P}]/gu, '');
  for (let i = 0; i + 1 < clean.length; i++) set.add(clean.slice(i, i + 2));
  return set;
}

const bigramSets = new WeakMap<Candidate, Set<string>>();

/** Near-duplicates: most bigrams of the shorter one are in the other (the same provision in two documents). */
function similar(a: Candidate, b: Candidate): boolean {
  const x = bigramSets.get(a) ?? bigramSet(a.text);
  const y = bigramSets.get(b) ?? bigramSet(b.text);
  bigramSets.set(a, x);
  bigramSets.set(b, y);
  let shared = 0;
  for (const gram of x) if (y.has(gram)) shared++;
  return shared / Math.max(1, Math.min(x.size, y.size)) > 0.6;
}

/** Clauses recur across questions: their sentences are segmented once. */
const segmented = new LRUCache<string, string[]>({ max: 20_000 });

function wordsOf(text: string): string[] {
  let found = segmented.get(text);
  if (!found) segmented.set(text, (found = words(text)));
  return found;
}

function candidates(profile: QuestionProfile, hits: readonly SearchHit[]): Candidate[] {
  const found: Candidate[] = [];
  hits.forEach((hit, rank) => {
    const placeMatch = profile.places.length === 0 || profile.places.some((place) => isAbout(hit.document, place));
    const titleWords = wordsOf(hit.chunk.docTitle);
    for (const sentence of splitSentences(hit.chunk.text)) {
      if (ANNOTATION.test(sentence.text.replace(/[。；;]$/u, ''))) continue;
      const text = shortenSentence(sentence.text, SENTENCE_CHARS, (part) => coverage(profile, part) + (profile.wantsNumber && statesFigure(part) ? FIGURE_BONUS : 0));
      // Words of the question that name the document (售电公司 in 售电公司管理办法) are answered by its title.
      const score = wordCoverage(profile, new Set([...titleWords, ...wordsOf(text)]))
        + (profile.wantsNumber && statesFigure(text) ? 0.25 : 0)
        // States the very figure asked for: the direct answer.
        + (profile.focus !== null && profile.figure.test(withoutListMarker(text)) && text.includes(profile.focus) ? FOCUS_BONUS : 0)
        + 0.3 / (rank + 1)
        - (placeMatch ? 0 : 0.3)
        - (HEADING_SENTENCE.test(text) && text.length <= HEADING_CHARS && !statesFigure(text) ? 0.3 : 0);
      found.push({ text, hit, local: placeMatch, rank, at: sentence.at, score });
    }
  });
  return found.sort((a, b) => b.score - a.score);
}

/** Best sentence per named place first (a question about two regions wants both), then by score. */
function select(profile: QuestionProfile, all: Candidate[]): Candidate[] {
  // A question about a place is answered from that place's clauses when there are any.
  const ranked = all.some((candidate) => candidate.local) ? all.filter((candidate) => candidate.local) : all;
  const long = profile.wantsList || profile.places.length > 1;
  const budget = long ? LIST_ANSWER_CHARS : ANSWER_CHARS;
  const most = long ? MAX_LIST_SENTENCES : MAX_SENTENCES;
  const best = ranked[0];
  if (!best) return [];
  const chosen: Candidate[] = [];
  let used = 0;
  const take = (candidate: Candidate): void => {
    if (chosen.includes(candidate) || chosen.length >= most || (chosen.length > 0 && used + candidate.text.length > budget)) return;
    if (chosen.some((other) => similar(other, candidate))) return;
    chosen.push(candidate);
    used += candidate.text.length;
  };
  take(best);
  if (profile.places.length > 1) {
    for (const place of profile.places) {
      const local = ranked.find((candidate) => isAbout(candidate.hit.document, place));
      if (local) take(local);
    }
  }
  for (const candidate of ranked) if (candidate.score >= best.score * RELATIVE_FLOOR) take(candidate);
  return chosen;
}

export function citationOf(hit: SearchHit, n: number): Citation {
  const { chunk, document } = hit;
  return {
    n, id: chunk.id, docId: chunk.docId, docTitle: chunk.docTitle,
    docNumber: document.docNumber, issuer: document.issuer, date: document.date, status: document.status,
    clause: chunk.clause, page: chunk.page, pageLabel: pageLabel(chunk.page, document), source: chunk.source, text: chunk.text,
  };
}

export function composeAnswer(profile: QuestionProfile, hits: readonly SearchHit[]): ComposedAnswer {
  const chosen = select(profile, candidates(profile, hits));
  const [lead, ...rest] = chosen;
  if (!lead) return { sentences: [], citations: [] };
  // The direct answer opens; the rest follow in reading order: by clause, then by place in the clause.
  const ordered = [lead, ...rest.sort((a, b) => a.rank - b.rank || a.at - b.at)];
  const citations: Citation[] = [];
  const numberOf = new Map<string, number>();
  // Clauses of several places side by side say 全省 or 全市: the reader needs to know which place each is.
  const placeLabels = new Set(ordered.map((candidate) => placeOfDocument(candidate.hit.document)));
  const labelled = placeLabels.size > 1 && !placeLabels.has(null);
  let previousPlace: string | null = null;
  const sentences = ordered.map((candidate) => {
    let n = numberOf.get(candidate.hit.chunk.id);
    if (n === undefined) {
      n = citations.length + 1;
      numberOf.set(candidate.hit.chunk.id, n);
      citations.push(citationOf(candidate.hit, n));
    }
    const body = withoutListMarker(candidate.text).replace(/[。；;！!？?，,：:]$/u, '');
    const place = placeOfDocument(candidate.hit.document);
    const label = labelled && place !== previousPlace ? `${place}：` : '';
    previousPlace = place;
    return `${label}${body}。[${n}]`;
  });
  return { sentences, citations };
}
