/** The two token streams of lexical search: character bigrams and jieba words. */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | null = null;

/** jieba's dictionary takes ~100 ms to load: once per process. */
export function getJieba(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const HAN_RUN = /[\u3400-\u9fff]+|[a-z0-9]+(?:\.[0-9]+)?/gu;

function prepare(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Overlapping character bigrams of each Han run (a lone character stands alone); Latin words and numbers whole. */
export function bigrams(text: string): string[] {
  const tokens: string[] = [];
  for (const [run] of prepare(text).matchAll(HAN_RUN)) {
    if (!/[\u3400-\u9fff]/u.test(run) || run.length === 1) {
      tokens.push(run);
      continue;
    }
    for (let i = 0; i + 1 < run.length; i++) tokens.push(run.slice(i, i + 2));
  }
  return tokens;
}

/** Words that every question has and no clause answers by. */
const QUESTION_WORDS = new Set([
  '什么', '哪些', '哪个', '哪里', '怎么', '怎样', '如何', '多少', '多久', '几个', '是否', '能否', '能不能', '可不可以', '可以',
  '有没有', '有', '没有', '是不是', '是', '的', '了', '吗', '呢', '吧', '啊', '我', '我们', '你', '你们', '他们', '这个', '那个',
  '这些', '那些', '要', '需要', '还', '都', '和', '与', '或', '及', '对', '在', '把', '被', '给', '让', '从', '到', '就', '也',
  '又', '得', '地', '着', '过', '里', '中', '上', '下', '规定', '要求', '政策', '一下', '请问', '具体', '分别', '按', '按照',
  '时候', '到底', '大概', '能不能', '会不会', '不会', '不能', '还能', '该', '多少', '几', '哪', '指', '算', '会', '能', '不',
]);

/** jieba search-mode words, without punctuation and question words. */
export function words(text: string): string[] {
  return getJieba()
    .cutForSearch(prepare(text), true)
    .filter((word) => /[\u3400-\u9fffa-z0-9]/u.test(word) && !QUESTION_WORDS.has(word));
}

/**
 * jieba's dictionary read as counts of words in a general Chinese corpus: the counts of the words `keep`
 * accepts (the whole dictionary would cost ≈ 30 MB a process), and the corpus total.
 */
export function dictionaryCounts(keep: (word: string) => boolean): { counts: Map<string, number>; total: number } {
  const counts = new Map<string, number>();
  const text = Buffer.from(dict).toString('utf8');
  let total = 0;
  // Lines are `word count tag`, scanned in place: splitting 349,000 lines costs several times as much.
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const space = text.indexOf(' ', start);
    if (space !== -1 && space < end) {
      const count = Number.parseInt(text.slice(space + 1, end), 10);
      if (Number.isFinite(count)) {
        total += count;
        const word = text.slice(start, space);
        if (keep(word)) counts.set(word, count);
      }
    }
    start = end + 1;
  }
  return { counts, total };
}

/** Changes whenever passages would be tokenized differently: a persisted index with another one is rebuilt. */
// jieba's dictionary is in it too: another one cuts other words and gives other general counts.
export const TOKENIZER_SIGNATURE = JSON.stringify({ version: 1, stopWords: [...QUESTION_WORDS].sort(), dictionaryBytes: dict.byteLength });
