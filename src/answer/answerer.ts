/** Question → retrieval → refusal or composed answer with citations; the same for HTTP and WebSocket. */
import { LRUCache } from 'lru-cache';
import { statusNote } from '../library/validity.ts';
import type { Chunk } from '../library/schema.ts';
import type { Logger } from '../logger.ts';
import { boostPlaces, type SearchHit, type Searcher } from '../search/searcher.ts';
import { type Decision, confirmLead, decide, gatherEvidence } from './answerability.ts';
import { citationOf, composeAnswer } from './compose.ts';
import { libraryWords } from './domain.ts';
import { LLM_REFUSAL, markersIn } from './llm-clean.ts';
import type { LlmBackend } from './llm.ts';
import { type RewrittenQuery, previousTurn, rewriteQuery } from './followup.ts';
import { createPlaceIndex } from './places-asked.ts';
import { ASKS_POINT_IN_TIME, type FigureKind, type QuestionProfile, profileQuestion } from './question.ts';
import type { Answer, AnswerReason, AskRequest, Citation } from './schema.ts';

/** Clauses the answer is composed from. */
const ANSWER_HITS = 5;
/** Clauses retrieved, so that lifting the named places' documents has some to lift. */
const CANDIDATE_HITS = 20;
/** Distinct requests whose extractive answers are kept. */
const ANSWER_CACHE = 2000;

export interface AnswerEvents {
  /** One sentence of an extractive answer, with its marker. */
  onSentence?(sentence: string): void;
  /** A raw piece of an LLM answer as it streams. */
  onToken?(text: string): void;
  /** The LLM failed after streaming: what was streamed is void, the extractive sentences follow. */
  onReset?(): void;
  /** Ends the LLM generation when the client has gone. */
  signal?: AbortSignal;
}

export interface Answerer {
  /** An LLM writes the answers: only then is there work that a client leaving or a shutdown should stop. */
  readonly usesLlm: boolean;
  answer(request: AskRequest, events?: AnswerEvents): Promise<Answer>;
}

// Said also of colloquial policy questions whose every noun the library lacks (开个小店要办啥证): true of both.
const OFF_TOPIC = '政策库中没有与这个问题相关的内容。请询问营商环境方面的具体政策问题，例如：个体工商户能享受哪些税费减免？';
const ADVICE = '这个问题是在征求建议或推荐。政策库只能说明政策文件的规定，无法替您比较或选择；可以问具体规定，例如：个体工商户能享受哪些税费减免？';
const TASK = '我只回答营商环境政策方面的问题并引用条款，不代写文书、不翻译、不做计算。可以问具体规定，例如：个体工商户能享受哪些税费减免？';

function offTopicText(decision: Decision): string {
  switch (decision.reason) {
    case 'advice': return ADVICE;
    case 'task': return TASK;
    default: return OFF_TOPIC;
  }
}
const DETAIL: Record<FigureKind, string> = { amount: '具体金额或标准', share: '具体比例', period: '具体期限', figure: '具体数额' };

/** The detail a partial answer says the clauses leave open: 哪天施行 asks a time, 保险期限是几年 a span. */
function detailAsked(profile: QuestionProfile): string {
  return profile.figureKind === 'period' && ASKS_POINT_IN_TIME.test(profile.question) ? '具体时间' : DETAIL[profile.figureKind];
}

const NO_CLAUSE = '政策库中没有找到与该问题相关的条款，无法给出有依据的回答。';

/** The one sentence that says why the library does not answer; `related`: clauses near the question follow it. */
function notFoundText(decision: Decision, related = false): string {
  const places = decision.uncovered.join('、');
  switch (decision.reason) {
    case 'unknown-place': return `政策库中没有${places}的政策文件，无法回答该问题。`;
    case 'other-places': return '政策库中所问地方的文件没有这方面的规定，无法回答该问题。';
    case 'no-benefit': return '政策库中的相关文件没有给予这方面补贴或奖励的规定，无法回答该问题。';
    // Clauses that share its policy words follow, as related: the library has something near it, not nothing.
    case 'no-matter': return related ? '政策库中没有找到直接回答该问题的条款，无法给出有依据的回答。' : NO_CLAUSE;
    default: return NO_CLAUSE;
  }
}

function withStatus(status: Answer['status'], reason: AnswerReason | null, fields: Omit<Answer, 'status' | 'refused' | 'reason'>): Answer {
  return { ...fields, status, refused: status !== 'answered', reason: status === 'answered' ? null : reason };
}

/** The reason an answer of this decision gives: a partial one lacks the asked detail. */
function reasonOf(decision: Decision): AnswerReason | null {
  return decision.status === 'partial' ? 'no-detail' : decision.reason;
}

export interface AnswererParts {
  searcher: Searcher;
  /** Optional: writes the answer from the same clauses; the extractive answer remains the fallback. */
  llm?: LlmBackend | undefined;
  log?: Pick<Logger, 'warn'>;
}

/** The LLM's answer over the numbered clauses, or null when it failed or cited nothing. */
async function llmAnswer(llm: LlmBackend, request: AskRequest, hits: readonly SearchHit[], events: AnswerEvents | undefined, log: AnswererParts['log']): Promise<{ text: string; citations: Citation[] } | null> {
  const numbered = hits.map((hit, i) => citationOf(hit, i + 1));
  let streamed = false;
  try {
    const text = await llm.answer(
      { question: request.question, history: request.history ?? [], clauses: numbered.map(({ n, docTitle, clause, pageLabel, text: body }) => ({ n, docTitle, clause, pageLabel, text: body })) },
      (token) => {
        streamed = true;
        events?.onToken?.(token);
      },
      events?.signal,
    );
    if (text.startsWith(LLM_REFUSAL)) return { text, citations: [] };
    const cited = new Set(markersIn(text));
    if (cited.size === 0) throw new Error('the LLM answer cites no clause');
    return { text, citations: numbered.filter((citation) => cited.has(citation.n)) };
  } catch (error) {
    log?.warn({ err: error }, 'LLM answer failed, using the extractive answer');
    if (streamed) events?.onReset?.();
    return null;
  }
}

/** "这个政策什么时候发布的？": the date and number of the document the conversation is about, cited to its opening. */
const chineseDate = (date: string) => date.replace(/^(\d{4})-0?(\d{1,2})(?:-0?(\d{1,2}))?$/u, (_m, y: string, mo: string, d?: string) => `${y}年${mo}月${d ? `${d}日` : ''}`);
/** Asks when a policy takes effect rather than when it was issued. */
const ASKS_EFFECT = /施行|实施|生效/u;

/** "这个政策什么时候发布的？": the date (or the day it takes effect) and number of the document last cited, cited to its opening. */
function metadataAnswer(question: string, query: string, hit: SearchHit, chunks: readonly Chunk[]): Answer {
  const { document } = hit;
  const opening = chunks.find((chunk) => chunk.docId === document.id) ?? hit.chunk;
  const effect = ASKS_EFFECT.test(question) && document.effectiveFrom ? `自${chineseDate(document.effectiveFrom)}起施行` : '';
  const facts = [effect, document.date ? `发布日期为${chineseDate(document.date)}` : '', document.docNumber ? `文号${document.docNumber}` : '']
    .filter(Boolean)
    .join('，');
  // A title that holds its own 《…》 (国家海关《核准出口商管理办法》) is not wrapped again.
  const name = document.title.includes('《') ? document.title : `《${document.title}》`;
  const sentence = facts ? `${name}${facts}。[1]` : `政策库中${name}未注明发布日期和文号。[1]`;
  return withStatus('answered', null, { answer: sentence, citations: [citationOf({ ...hit, chunk: opening }, 1)], query, by: 'extractive' });
}

/**
 * How clauses shown after a refusal are introduced. Those of other places are 其他地方的做法, or 省内其他地方的做法
 * when all are of cities in the province asked about (延安's for 那陕西呢？): the province's own documents lack it.
 */
function relatedIntro(decision: Decision, askedPlaces: ReadonlySet<string>): string {
  if (decision.reason === 'unknown-place') return '以下规定供参考：';
  if (decision.reason === 'no-matter') return '以下条款与问题有关，仅供参考：';
  const inside = decision.evidence.length > 0 && decision.evidence.every(({ hit }) => hit.document.region !== null && askedPlaces.has(hit.document.region));
  return inside ? '省内其他地方的做法，仅供参考：' : '其他地方的做法，仅供参考：';
}

/** How the composed sentences read for a decision that is not a plain answer. */
function framed(decision: Decision, sentences: string[], profile: QuestionProfile, askedPlaces: ReadonlySet<string>): string[] {
  if (decision.status === 'partial') {
    // Only what the clause states of the matter: its other sentences' figures are of other matters.
    const [first] = sentences;
    return first ? [`${first.replace(/。(\[\d+\])$/u, '$1')}，但未规定${detailAsked(profile)}。`] : sentences;
  }
  if (decision.status === 'not_found' && sentences.length > 0) {
    return [notFoundText(decision, true), relatedIntro(decision, askedPlaces), ...sentences];
  }
  return sentences;
}

export function createAnswerer({ searcher, llm, log }: AnswererParts): Answerer {
  const idf = (word: string) => searcher.lexical.wordIdf(word);
  const places = createPlaceIndex(searcher.documents, searcher.places);
  const words = libraryWords(searcher.lexical);

  /** The answer and, for extractive answers, its sentences (what a stream sends one by one). */
  async function compute(request: AskRequest, rewritten: RewrittenQuery, events: AnswerEvents | undefined, useLlm = true): Promise<{ answer: Answer; sentences: string[] }> {
    const { query } = rewritten;
    const asked = places.resolve(query);
    const { covered } = asked;
    // One search, two rankings: evidence of coverage comes before lifting the named places' documents.
    const candidates = await searcher.search(query, { k: CANDIDATE_HITS, filters: request.filters, placeBoost: false });
    const profile = profileQuestion(query, idf, asked.places.flatMap((place) => [place.written, place.name]), rewritten.asked);
    const hits = boostPlaces(candidates, covered).slice(0, ANSWER_HITS);
    const decision = decide(profile, asked, gatherEvidence(profile, asked, hits), words);
    const plain = (status: Answer['status'], reason: AnswerReason | null, text: string) => ({ answer: withStatus(status, reason, { answer: text, citations: [], query, by: 'extractive' }), sentences: [] });
    if (decision.status === 'off_topic') return plain('off_topic', decision.reason, offTopicText(decision));
    if (decision.status === 'answered' && llm && useLlm) {
      const written = await llmAnswer(llm, { ...request, question: query }, decision.evidence.map((item) => item.hit), events, log);
      // The LLM found that the clauses do not answer it: none treats the matter.
      if (written && written.citations.length === 0) return plain('not_found', 'no-matter', notFoundText(decision));
      if (written) return { answer: withStatus('answered', null, { answer: written.text, citations: written.citations, query, by: llm.model }), sentences: [] };
    }
    const compose = (status: Decision['status']) => composeAnswer(profile, decision.evidence, { places: status === 'answered' ? covered : [], withoutFigures: status !== 'answered', statusNote: (hit) => statusNote(hit.document.status) });
    const first = compose(decision.status);
    const settled = confirmLead(decision, profile, first.sentences[0]);
    const composed = settled === decision ? first : compose(settled.status);
    if (settled.status === 'not_found' && composed.sentences.length === 0) return plain('not_found', settled.reason, notFoundText(settled));
    // Clauses on the matter without the detail, none with a sentence fit to quote: name their document, quote nothing.
    if (settled.status === 'partial' && composed.sentences.length === 0) {
      const where = settled.evidence[0]?.hit.chunk.docTitle ?? '';
      return plain('partial', 'no-detail', `政策库中${where}的相关条款没有规定${detailAsked(profile)}，无法回答该问题。`);
    }
    const sentences = framed(settled, composed.sentences, profile, new Set(asked.places.map((place) => place.name)));
    const text = sentences.join('');
    // A partial answer keeps one sentence: only the provisions it still cites are its sources.
    const cited = new Set(markersIn(text));
    const citations = composed.citations.filter((citation) => cited.has(citation.n));
    return { answer: withStatus(settled.status, reasonOf(settled), { answer: text, citations, query, by: 'extractive' }), sentences };
  }

  // Extractive answers depend only on the rewritten query (with what it asks) and the filters: the same question is answered once.
  const cache = llm ? null : new LRUCache<string, { answer: Answer; sentences: string[] }>({ max: ANSWER_CACHE });

  async function answerOnce(request: AskRequest, events?: AnswerEvents, useLlm = true): Promise<{ answer: Answer; sentences: string[] }> {
    const rewritten = rewriteQuery(request, (text) => places.resolve(text).places.map((place) => place.written));
    if (rewritten.asksMetadata) {
      // 这个政策什么时候发布的？ is about the document last cited; after a refusal there is none.
      const previous = previousTurn(request);
      // Which document that was needs the clauses, not the wording: the extractive answer says it, without an LLM call.
      const before = previous ? await answerOnce(previous, undefined, false) : null;
      const cited = before?.answer.status === 'answered' ? before.answer.citations[0] : undefined;
      const hit = cited ? hitOf(searcher, cited.id) : undefined;
      if (!hit) {
        const text = '请先提出一个具体的政策问题，我再告诉您相关文件的发布时间和文号。';
        return { answer: withStatus('not_found', 'no-context', { answer: text, citations: [], query: rewritten.query, by: 'extractive' }), sentences: [] };
      }
      const answer = metadataAnswer(request.question, rewritten.query, hit, searcher.chunks);
      return { answer, sentences: [answer.answer] };
    }
    const key = JSON.stringify([rewritten.query, rewritten.asked, request.filters ?? {}]);
    const result = cache?.get(key) ?? (await compute(request, rewritten, events, useLlm));
    cache?.set(key, result);
    return result;
  }

  return {
    usesLlm: llm !== undefined,
    async answer(request, events) {
      const result = await answerOnce(request, events);
      for (const sentence of result.sentences) events?.onSentence?.(sentence);
      return result.answer;
    },
  };
}

function hitOf(searcher: Searcher, chunkId: string): SearchHit | undefined {
  const chunk = searcher.chunks.find((candidate) => candidate.id === chunkId);
  const document = chunk && searcher.documents.find((candidate) => candidate.id === chunk.docId);
  return chunk && document ? { chunk, document, score: 0 } : undefined;
}
