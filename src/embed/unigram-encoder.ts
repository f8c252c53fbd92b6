/**
 * The built-in model's tokenizer (a Unigram model after NFKC and lower-casing, nothing else) as one Viterbi
 * pass over typed arrays. transformers.js' own Unigram builds a lattice of node objects and slices the
 * query at every position: on a new question that was a fifth of the answer's time. This one gives the same
 * ids (tests/embed/unigram-encoder.test.ts checks it on every chunk and question of the seeds), down to how
 * transformers.js breaks ties and treats characters outside the Basic Multilingual Plane; any text it might
 * read differently (an added token such as `<pad>`, a text past the model's length) is left to transformers.js.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** Exactly the tokenizer this file reproduces; any other configuration keeps transformers.js' tokenizer. */
const UnigramTokenizerSchema = z.object({
  normalizer: z.object({ type: z.literal('Sequence'), normalizers: z.tuple([z.object({ type: z.literal('NFKC') }), z.object({ type: z.literal('Lowercase') })]) }),
  pre_tokenizer: z.null(),
  post_processor: z.null(),
  added_tokens: z.array(z.object({ content: z.string() })),
  model: z.object({ type: z.literal('Unigram'), unk_id: z.number().int().nonnegative(), vocab: z.array(z.tuple([z.string(), z.number()])).min(1) }),
});

const TokenizerConfigSchema = z.object({ model_max_length: z.number().int().positive() });

interface TrieNode {
  children: Map<string, TrieNode>;
  /** The piece ending here, or -1. */
  id: number;
}

export interface UnigramEncoder {
  /** The input ids of `text`, or null when transformers.js must encode it. */
  encode(text: string): number[] | null;
}

/** The encoder for a model folder whose tokenizer it reproduces, or null. */
export function unigramEncoder(folder: string): UnigramEncoder | null {
  const parsed = UnigramTokenizerSchema.safeParse(JSON.parse(readFileSync(join(folder, 'tokenizer.json'), 'utf8')));
  const config = TokenizerConfigSchema.safeParse(JSON.parse(readFileSync(join(folder, 'tokenizer_config.json'), 'utf8')));
  if (!parsed.success || !config.success) return null;
  const { vocab, unk_id: unkId } = parsed.data.model;
  const maxTokens = config.data.model_max_length;
  const added = parsed.data.added_tokens.map((token) => token.content).filter((content) => content.length > 0);
  const scores = Float64Array.from(vocab, ([, score]) => score);
  // As transformers.js: an unknown character scores 10 below the least likely piece, and so does <unk> itself.
  const unkScore = Math.min(...scores) - 10;
  scores[unkId] = unkScore;
  const root: TrieNode = { children: new Map(), id: -1 };
  vocab.forEach(([piece], id) => {
    let node = root;
    // Stored by code point, looked up by UTF-16 unit below: transformers.js does both, so a piece with a
    // character outside the BMP never matches, in either.
    for (const character of piece) {
      let child = node.children.get(character);
      if (!child) node.children.set(character, (child = { children: new Map(), id: -1 }));
      node = child;
    }
    // A later duplicate piece wins the id, as in transformers.js' token-to-id map.
    node.id = id;
  });
  const idOf = new Map(vocab.map(([piece], id) => [piece, id]));

  return {
    encode(text) {
      if (added.some((content) => text.includes(content))) return null;
      const sentence = text.normalize('NFKC').toLowerCase();
      if (added.some((content) => sentence.includes(content))) return null;
      const length = sentence.length;
      if (length === 0) return [];
      // best[e]: the best score of a segmentation of sentence[0, e); the piece ending there starts at from[e].
      const best = new Float64Array(length + 1).fill(-Infinity);
      const from = new Int32Array(length + 1);
      const pieceAt = new Int32Array(length + 1);
      best[0] = 0;
      for (let begin = 0; begin < length; begin++) {
        const base = best[begin] as number;
        let node: TrieNode | undefined = root;
        let single = false;
        for (let end = begin + 1; end <= length && node; end++) {
          node = node.children.get(sentence[end - 1] as string);
          if (!node || node.id < 0) continue;
          if (end === begin + 1) single = true;
          const score = base + (scores[node.id] as number);
          // Strictly better only: among equal paths the piece starting earliest stays, as in its lattice.
          if (score > (best[end] as number)) [best[end], from[end], pieceAt[end]] = [score, begin, node.id];
        }
        if (!single) {
          const score = base + unkScore;
          if (score > (best[begin + 1] as number)) [best[begin + 1], from[begin + 1], pieceAt[begin + 1]] = [score, begin, -1];
        }
      }
      const pieces: number[] = [];
      for (let end = length; end > 0; end = from[end] as number) {
        // The lattice gives pieces as text and maps them back to ids: an unknown character becomes <unk>.
        const id = pieceAt[end] as number;
        pieces.push(id >= 0 ? (idOf.get(sentence.slice(from[end], end)) ?? unkId) : unkId);
      }
      pieces.reverse();
      // transformers.js fuses a run of unknown pieces into one <unk> (its `fuse_unk`, always on for Unigram).
      const ids = pieces.filter((id, i) => id !== unkId || pieces[i - 1] !== unkId);
      return ids.length > maxTokens ? null : ids;
    },
  };
}
