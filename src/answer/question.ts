/** What a question asks for: its weighted terms (places left out) and the kind of answer it wants. */
import { escapeRegExp } from '../library/text.ts';
import { getJieba, words } from '../search/tokenize.ts';
import { withoutWhoAsks } from './framing.ts';

export interface QuestionTerm {
  word: string;
  /** Squared IDF: the rarest words say what the question is about (四通, 孵化器), common ones only frame it. */
  weight: number;
  idf: number;
}

export interface QuestionProfile {
  /** The question as asked. */
  question: string;
  terms: QuestionTerm[];
  totalWeight: number;
  totalIdf: number;
    /** Asks for an amount, a ratio, a deadline or a date. */
  wantsNumber: boolean;
  /** Asks for an enumeration ("哪些", "分别"): a longer answer is fine. */
  wantsList: boolean;
  /** The term whose figure is asked for: 资产 in 需要多少资产, 有效期 in 有效期是多久; null if none. */
  focus: string | null;
  /** What the asked figure looks like: an amount of money, a span of time, a share; any figure otherwise. */
  figure: RegExp;
  figureKind: FigureKind;
  /** Content nouns of the question (jieba's tags), places left out: what it is about. */
  nouns: string[];
  /** The dictionary nouns of what it asks (the last stretch of each sentence), each with the parts jieba finds in it. */
  askedNouns: AskedNoun[];
  /** Asks about money given (补贴, 奖励, 资助…): an answer needs a clause that gives some. */
  asksBenefit: boolean;
}

export type FigureKind = 'amount' | 'share' | 'period' | 'figure';

export interface AskedNoun {
  word: string;
  /** Its search-mode parts of two or more characters (银行利息 → 银行, 利息). */
  parts: string[];
}

const MONEY = /[\d一二三四五六七八九十百千万两]+\s*[万亿千百]{0,2}\s*元/u;
/**
 * A span (15个工作日, 三个月, 每6个月一次), or settled at once (当日办结, 当场作出许可决定, 即时办理: 多长时间能办好); not
 * a date (2023年, 6月底前, 10月15日): a year of four digits, a month without 个, a day after a month.
 */
const TIME_SPAN = /(?:(?<![\d.]|月\s*)\d{1,3}(?:\.\d+)?|[一二三四五六七八九十两半]+)\s*(?:个\s*)?(?:工作日|小时|季度|日|天|周|年|分钟)|(?:\d{1,3}(?:\.\d+)?|[一二三四五六七八九十两半]+)\s*个\s*月|当(?:日|天|场)(?:即可|可)?(?:办结|办理|办完|出具|发放|答复|受理|作出|发证|核发|审批|领取)|即时(?:办结|办理|审批|受理)|即办/u;
/** 多久一次 is answered by how often (每季度至少1次); not 一次性. */
const ASKS_HOW_OFTEN = /一次(?!性)|频次|频率|每隔/u;
const FREQUENCY = /每(?:个)?(?:季度|年|月|周|日|天)/u;
/** Asks for a day or a month (哪一天, 几月, 几号; not 几号文件 or 几号窗口). */
const ASKS_DATE = /哪一?天|几月|几号(?![文窗楼线])|哪个月/u;
/** Asks for a point in time (什么时候, 哪一年, 哪一天), not how long. */
export const ASKS_POINT_IN_TIME = new RegExp(`什么时候|何时|哪年|哪一年|几时|${ASKS_DATE.source}`, 'u');
/** 什么时候, 有效期, 截止 are answered by a date (8月1日起, 每年六月, 每月15日前, 至2024年12月31日) as well as by a span. */
const ASKS_WHEN = new RegExp(`${ASKS_POINT_IN_TIME.source}|截止|截至|有效期|期限`, 'u');
const DATE = /\d{4}\s*年|[\d一二三四五六七八九十]{1,3}\s*月|\d{1,2}\s*[日号]/u;

const either = (...figures: RegExp[]) => new RegExp(figures.map((figure) => figure.source).join('|'), 'u');
/** A span, and what else answers the question (how often, when), by [asks how often][asks when]: compiled once. */
const PERIOD_FIGURES = [[TIME_SPAN, either(TIME_SPAN, DATE)], [either(TIME_SPAN, FREQUENCY), either(TIME_SPAN, FREQUENCY, DATE)]] as const;

/** 哪一天 and 几月 are answered by a month or a day (每年11月1日, 6月底前), not by a year alone (纳入2023年考核). */
const MONTH_OR_DAY = /[\d一二三四五六七八九十]{1,3}\s*月|\d{1,2}\s*[日号]/u;
const DAY_FIGURE = either(TIME_SPAN, MONTH_OR_DAY);

function periodFigure(question: string): RegExp {
  if (ASKS_DATE.test(question)) return DAY_FIGURE;
  return PERIOD_FIGURES[ASKS_HOW_OFTEN.test(question) ? 1 : 0][ASKS_WHEN.test(question) ? 1 : 0];
}
/** A share (30%, 百分之十, 三成) or a ratio of parts (按4∶3∶2∶1的比例分担, 按1：1配套; not a time of day, 9:30). */
const SHARE = /\d+(?:\.\d+)?\s*[%％]|百分之|[一二三四五六七八九十]成|\d+\s*[∶:：]\s*\d+(?:\s*[∶:：]\s*\d+)*(?=\s*(?:的?比例|分担|配套|承担|出资))/u;
export const ANY_FIGURE = /\d|[一二三四五六七八九十百千万两半][个天年月日项条次类种家倍元]|[％%]|元|工作日|小时/u;

/**
 * How the clauses name a document: its issuing title (…关于印发…的通知, or the part of it before a PDF's line break),
 * its name in 《》 and its number (兰政办发〔2023〕37号). compose.ts tells issuing lines by them. An issuing title is
 * only tried where a run between commas starts: tried from every character, it rescanned the rest of the run each time.
 */
export const DOCUMENT_NAMES = ['(?<![^，。；])[^，。；]*关于印发[^，。；]*?(?:的通知|$)', '《[^》]*》', '[\\p{Script=Han}]{0,6}[〔［[]\\s*\\d{4}\\s*[〕］\\]]\\s*\\d+\\s*号'];

/**
 * Figures that state nothing: a document's name or number (《…纲要（2021-2035年）》, 宁党发〔2022〕27号), an article's
 * number (第七十二条), and a blank a draft leaves to fill in (本条例自20××年×月×日起施行, 202X年X月X日). A question
 * for a date is not answered by the years in another document's name, and a draft's blank date is what the library
 * says of its day.
 */
const NOT_A_FIGURE = new RegExp([...DOCUMENT_NAMES, '第[一二三四五六七八九十百千\\d]+[条章节款]', '\\d{0,3}[×Xx]{1,4}(?=\\s*[年月日号])'].join('|'), 'gu');
/**
 * A question names a document when it shares this many characters in a row with its name (知识产权强区建设纲要);
 * fewer are often the domain's words only (知识产权质押融资 of an insurance asked about and of a 三年行动方案).
 */
const NAMED_CHARS = 10;

function namedIn(question: string, name: string): boolean {
  const plain = name.replace(/[\s\p{P}]/gu, '');
  for (let i = 0; i + NAMED_CHARS <= plain.length; i++) if (question.includes(plain.slice(i, i + NAMED_CHARS))) return true;
  return false;
}

/**
 * Whether a text states a figure that `figure` (the one the question asks by default) matches, leaving out the
 * figures that state nothing, except in a document the question asks about (纲要的期限是到哪一年).
 */
export function statesFigure(profile: Pick<QuestionProfile, 'question' | 'figure'>, text: string, figure: RegExp = profile.figure): boolean {
  // Leaving names out only removes figures: a text without one needs no second look (most of them).
  return figure.test(text) && figure.test(text.replace(NOT_A_FIGURE, (name) => (namedIn(profile.question, name) ? name : ' ')));
}

const FIGURES: Record<FigureKind, RegExp> = { amount: MONEY, share: SHARE, period: TIME_SPAN, figure: ANY_FIGURE };
/** 减免多少费用 is answered by a share of the fee as well as by a sum (减免30%-50%的检验检测费用). */
const REDUCTION = /减免|减少|降低|下浮|优惠|打折|折扣|减收|少交|少缴|[减免]多少/u;
const MONEY_OR_SHARE = new RegExp(`${MONEY.source}|${SHARE.source}`, 'u');

function figureAsked(question: string): FigureKind {
  // 补贴每年几月发放 asks when, whatever it is of.
  if (ASKS_DATE.test(question)) return 'period';
  // 不超过总投资的多少 asks a share of the sum; 的多少钱, 的多少个工作日, 的多少倍 ask no share.
  if (/(比例|百分之|几成|费率|税率|的多少(?![钱元万亿千百个天日年月周小时工作倍家户人项次件名米号]))/u.test(question)) return 'share';
  // 能免多少, 减多少 ask how much of a sum is let off: a sum or a share (REDUCTION), not any figure.
  if (/(多少钱|金额|资产|资金|补贴|奖励|补助|资助|费用|收费|罚款|万元|[减免]多少)/u.test(question)) return 'amount';
  // 近几年, 这几年, 前几年 say when (提前几天 asks), and 多少年轻人, 几年级 ask no period.
  if (/(多久|多长时间|(?:多少|(?<![近这最])(?<![^提]前)几)个?(?:工作日|天|日|小时|周|月|年(?![轻级]))|期限|时限|有效期|什么时候|何时)/u.test(question)) return 'period';
  return 'figure';
}

/** jieba's noun-like tags; places (ns), times (t) and numbers (m) say where and when, not what. */
const NOUN_TAGS = new Set(['n', 'nz', 'nr', 'nt', 'vn', 'j', 'l', 'eng', 'an', 'nrt', 'x']);

function nounsOf(question: string): string[] {
  return getJieba().tag(question, true).filter((token) => NOUN_TAGS.has(token.tag) && /[\u3400-\u9fffA-Za-z]{2,}/u.test(token.word)).map((token) => token.word.toLowerCase());
}

/**
 * Nouns of jieba's dictionary: not `x` (a run its HMM joined, 能领, 写个) nor `l` (a set phrase, 怎么办, 是不是),
 * which say nothing of what is asked; nor names of people and bodies.
 */
const DICTIONARY_NOUN_TAGS = new Set(['n', 'nz', 'vn', 'j', 'an']);
/** Ends a sentence; within one, what is asked stands after its last pause (…，我能扣他尾款吗？). */
const SENTENCE_END = /[。？?！!]/u;
const PAUSE = /[，,；;：:]/u;

/** The dictionary nouns of each sentence's last stretch, question words (规定, 时候) left out as in `words`. */
function askedNounsOf(question: string): AskedNoun[] {
  const asked = question.split(SENTENCE_END).map((sentence) => sentence.split(PAUSE).filter((part) => part.trim()).at(-1) ?? '').join('，');
  const kept = new Set(words(asked));
  const jieba = getJieba();
  return jieba.tag(asked, true)
    .filter((token) => DICTIONARY_NOUN_TAGS.has(token.tag) && /^[\u3400-\u9fff]{2,}$/u.test(token.word) && kept.has(token.word))
    .map(({ word }) => ({ word, parts: jieba.cutForSearch(word, true).filter((part) => part !== word && part.length >= 2) }));
}

/** Words that name the figure itself (多少钱, 什么比例, 最低…, and the characters 最多多少 leaves among the terms), not what it is of. */
const FIGURE_WORD = /^(钱|金额|数额|额度|标准|比例|费用|时间|期限|天数|年限|最低|最高|最多|最少|上限|下限|多|少|最|几)$/u;
/** How far from the question word (多少, 多久…) the term it asks about may stand. */
const FOCUS_AFTER = 4;
const FOCUS_BEFORE = 6;
/** A character that only links words (可以由…调整, 办理时), never what a figure is of (税 and 费 are). */
const FUNCTION_CHARACTER = /^[由时总在对给被把将从向以为按要能会可及或和与等后前内中的了是]$/u;

function focusOf(question: string, terms: readonly QuestionTerm[]): string | null {
  const asked = NUMBER_QUESTION.exec(question);
  if (!asked) return null;
  const after = question.slice(asked.index + asked[0].length, asked.index + asked[0].length + FOCUS_AFTER);
  const before = question.slice(Math.max(0, asked.index - FOCUS_BEFORE), asked.index);
  const near = (text: string) => terms.filter((term) => !FUNCTION_CHARACTER.test(term.word) && text.includes(term.word) && !FIGURE_WORD.test(term.word)).sort((a, b) => b.weight - a.weight)[0]?.word ?? null;
  return near(after) ?? near(before);
}

/** Money a body gives (the words are interchangeable in the clauses: 补助 for 补贴, 奖补 for 奖励). */
export const BENEFIT = /补贴|补助|奖励|奖补|资助|贴息|奖金/u;

// `哪几个市` asks which, not how many; 近几年 and 这几年 say when.
const NUMBER_QUESTION = new RegExp(`(多少|${ASKS_DATE.source}|(?<![哪近这最])(?<![^提]前)几[个天年月日项条次类种家倍]|多久|多长|多大|比例|金额|额度|时限|期限|什么时候|何时|哪年|哪一年|几时|日前|上限|下限|最高|最低|最多|最少)`, 'u');
/**
 * A part that tells a figure of what happened and goes on (交了几年社保，…; 贷款晚还了几个月，这会…吗？): the asker
 * does not know it exactly and does not ask it, when what follows asks something else, yes or no or a figure of
 * its own. One that ends the question (定了多少目标？), or is followed by how or where (保费补了多少，怎么申请？), asks.
 */
const TOLD_FIGURE = /[^，,。？?！!；;]*了好?(?:几|多少)[^，,。？?！!；;]*[，,]/gu;
export const LIST_QUESTION = /(哪些|哪几|分别|包括什么|有什么|列举|都有)/u;

/** A yes-or-no question (…留污点吗？, 是否…, 能不能…): it asks no figure of its own. */
const YES_OR_NO = /[吗么][？?]?$|是否|会不会|能不能|可不可以|是不是|有没有/u;

function whatIsAsked(question: string): string {
  const rest = question.replace(TOLD_FIGURE, ' ');
  return rest !== question && (YES_OR_NO.test(rest) || NUMBER_QUESTION.test(rest)) ? rest : question;
}

/**
 * `places`: the names of places as the question writes them (PlacesAsked), left out of its terms, as is who asks.
 * `asked`: what the user asked, when the question joins a follow-up to the earlier one (rewriteQuery).
 */
export function profileQuestion(question: string, idf: (word: string) => number, places: readonly string[], asked = question): QuestionProfile {
  const seen = new Set<string>();
  const terms: QuestionTerm[] = [];
  // Places are matched against documents, not clause text: leave them out of the terms.
  const sorted = [...places].sort((a, b) => b.length - a.length);
  const placesLeftOut = (text: string) => sorted.reduce((rest, place) => rest.replace(new RegExp(`${escapeRegExp(place)}(省|市|县|区|自治区)?`, 'gu'), ' '), withoutWhoAsks(text));
  const withoutPlaces = placesLeftOut(question);
  for (const word of words(withoutPlaces)) {
    if (seen.has(word)) continue;
    seen.add(word);
    const rarity = idf(word);
    terms.push({ word, weight: rarity ** 2, idf: rarity });
  }
  // Search mode repeats parts of long words (工商户 → 工商, 商户); the longest carries the weight.
  const kept = terms.filter((term) => !terms.some((other) => other.word.length > term.word.length && other.word.includes(term.word)));
  // What the asker tells (贷款晚还了几个月，…) is no figure asked.
  const asking = whatIsAsked(question);
  const figureKind = figureAsked(asking);
  return {
    question,
    terms: kept,
    totalWeight: kept.reduce((sum, term) => sum + term.weight, 0),
    totalIdf: kept.reduce((sum, term) => sum + term.idf, 0),
    wantsNumber: NUMBER_QUESTION.test(asking),
    wantsList: LIST_QUESTION.test(question),
    focus: focusOf(asking, kept),
    figure: figureKind === 'amount' && REDUCTION.test(asking) ? MONEY_OR_SHARE : figureKind === 'period' ? periodFigure(asking) : FIGURES[figureKind],
    figureKind,
    nouns: nounsOf(withoutPlaces),
    // 要不要割肉？ after a question on a subsidy asks nothing of it.
    askedNouns: askedNounsOf(asked === question ? withoutPlaces : placesLeftOut(asked)),
    asksBenefit: BENEFIT.test(question),
  };
}

/** Share of the question's term weight among a text's jieba words (0…1): 施行 is not found in 实施行政. */
export function wordCoverage(profile: QuestionProfile, textWords: { has(word: string): boolean }): number {
  if (profile.totalWeight === 0) return 0;
  let covered = 0;
  for (const term of profile.terms) if (textWords.has(term.word)) covered += term.weight;
  return covered / profile.totalWeight;
}

/** Share of the question's term weight that a text contains (0…1); `plain` weighs terms by IDF alone. */
export function coverage(profile: QuestionProfile, text: string, plain = false): number {
  const total = plain ? profile.totalIdf : profile.totalWeight;
  if (total === 0) return 0;
  let covered = 0;
  for (const term of profile.terms) if (text.includes(term.word)) covered += plain ? term.idf : term.weight;
  return covered / total;
}
