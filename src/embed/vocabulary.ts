import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/** Words seen fewer times than this get no vector of their own: their characters stand in for them. */
const MIN_WORD_COUNT = 2;
/** Ids 0 and 1 are the padding and unknown pieces; both map to zero rows of the matrix. */
const PAD_ID = 0;
const UNK_ID = 1;
const SPECIAL_PIECES = ['<pad>', '<unk>'] as const;
/** Id of the first word piece: pieces follow the special ones in `tokenizer.json` and in the matrix. */
export const FIRST_PIECE_ID = SPECIAL_PIECES.length;

/** Tokens made only of punctuation, symbols or spaces carry no meaning for retrieval. */
const MEANINGFUL = /[\p{L}\p{N}]/u;

/** The same normalization the tokenizer applies (NFKC, lowercase), so the build sees the text a query will. */
function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export interface SegmentedCorpus {
  /** Each passage as its meaningful jieba tokens. */
  passages: string[][];
  /** Token → occurrences in the corpus. */
  counts: Map<string, number>;
  totalTokens: number;
}

export function segmentCorpus(passages: string[]): SegmentedCorpus {
  const jieba = Jieba.withDict(dict);
  const counts = new Map<string, number>();
  let totalTokens = 0;
  const segmented = passages.map((passage) => {
    const tokens = jieba.cut(normalizeText(passage), true).filter((token) => MEANINGFUL.test(token));
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    totalTokens += tokens.length;
    return tokens;
  });
  return { passages: segmented, counts, totalTokens };
}

/** Tokens frequent enough to learn a vector from their contexts, most frequent first. */
export function frequentTokens(corpus: SegmentedCorpus): string[] {
  return [...corpus.counts.entries()]
    .filter(([, count]) => count >= MIN_WORD_COUNT)
    .sort((a, b) => b[1] - a[1])
    .map(([token]) => token);
}

/** Every character of the corpus: the fallback pieces that leave no Chinese text unknown. */
export function corpusCharacters(corpus: SegmentedCorpus): Map<string, number> {
  const chars = new Map<string, number>();
  for (const passage of corpus.passages) {
    for (const token of passage) {
      for (const char of token) if (MEANINGFUL.test(char)) chars.set(char, (chars.get(char) ?? 0) + 1);
    }
  }
  return chars;
}

/** jieba's dictionary frequencies of the given pieces, and the dictionary's total. */
function jiebaFrequencies(pieces: ReadonlySet<string>): { frequencies: Map<string, number>; total: number } {
  const frequencies = new Map<string, number>();
  let total = 0;
  for (const line of Buffer.from(dict).toString('utf8').split('\n')) {
    const [word, freqText] = line.split(' ');
    const freq = Number(freqText);
    if (!word || !Number.isFinite(freq)) continue;
    total += freq;
    if (pieces.has(word)) frequencies.set(word, freq);
  }
  return { frequencies, total };
}

/**
 * Unigram pieces scored by log-probability under jieba's dictionary, so that the Viterbi path over the pieces
 * segments text nearly as jieba does. A word jieba found only by its HMM scores by its corpus count instead.
 */
export function scorePieces(pieces: string[], corpusCounts: ReadonlyMap<string, number>): [string, number][] {
  const { frequencies, total } = jiebaFrequencies(new Set(pieces));
  return pieces.map((piece) => {
    const frequency = frequencies.get(piece) ?? corpusCounts.get(piece) ?? 1;
    return [piece, Math.log(frequency / total)];
  });
}

export interface TokenizerFiles {
  tokenizer: object;
  tokenizerConfig: object;
}

/** `tokenizer.json` and `tokenizer_config.json` for the pieces, whose ids are FIRST_PIECE_ID.. in order. */
export function tokenizerFiles(scoredPieces: [string, number][], maxLength: number): TokenizerFiles {
  const vocab: [string, number][] = [...SPECIAL_PIECES.map((piece): [string, number] => [piece, 0]), ...scoredPieces];
  return {
    tokenizer: {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: SPECIAL_PIECES.map((content, id) => ({
        id,
        content,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
      normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Lowercase' }] },
      pre_tokenizer: null,
      model: { type: 'Unigram', unk_id: UNK_ID, vocab },
      post_processor: null,
      decoder: null,
    },
    tokenizerConfig: {
      tokenizer_class: 'PreTrainedTokenizer',
      model_max_length: maxLength,
      pad_token: SPECIAL_PIECES[PAD_ID],
      unk_token: SPECIAL_PIECES[UNK_ID],
      clean_up_tokenization_spaces: false,
    },
  };
}
