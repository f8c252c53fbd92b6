/**
 * How much a word belongs to the policy library rather than to everyday Chinese: its share of the library's
 * passages against its share of jieba's general corpus. A policy question uses at least one word the library
 * uses far more than everyday language does (报装, 营业执照, 注销, 个体工商户); a question made only of everyday
 * words (公司, 员工, 最近, 孩子, 医院) is not about policy, however many of them the clauses share.
 */
import type { LexicalIndex } from '../search/lexical.ts';

/** Words of two or more Han characters: a lone character or a number says nothing of the domain. */
const HAN_WORD = /^[\u3400-\u9fff]{2,}$/u;

/**
 * Natural log of the word's library share over its general share; +∞ for a library word the general
 * dictionary lacks (policy jargon: 免申即享, 个转企), −∞ for a word the library lacks or that is not a Han word.
 */
export function specificity(lexical: Pick<LexicalIndex, 'hasWord' | 'wordShare' | 'generalShare'>, word: string): number {
  if (!HAN_WORD.test(word) || !lexical.hasWord(word)) return -Infinity;
  const general = lexical.generalShare(word);
  return general === null ? Infinity : Math.log(lexical.wordShare(word) / general);
}
