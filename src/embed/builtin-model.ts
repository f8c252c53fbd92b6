import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ppmiMatrix } from './cooccurrence.ts';
import { writeFolderAtomically } from '../atomic-folder.ts';
import { FileRecordsSchema } from '../integrity.ts';
import { BUILTIN_MODEL_KIND } from './model-source.ts';
import { encodeEmbeddingModel } from './onnx-writer.ts';
import { truncatedSvdEmbedding } from './svd.ts';
import { cedictSynonymPairs } from './synonym-lexicon.ts';
import { corpusCharacters, FIRST_PIECE_ID, frequentTokens, scorePieces, segmentCorpus, tokenizerFiles } from './vocabulary.ts';
import { applySifWeights, averageInto, normalizeRows, removeCommonDirection, retrofit, type WordVectors } from './word-vectors.ts';

const DEFAULT_BUILTIN_DIMENSION = 256;
/** SIF's `a`: words more frequent than about this share of all tokens are weighted down. */
const SIF_SMOOTHING = 1e-3;
/** Longest input the tokenizer keeps; passages are at most 800 characters, so this truncates nothing real. */
const MAX_TOKENS = 2048;
export const FORMAT_VERSION = 1;

/** `manifest.json` of a built model folder: what it was built from, and every file's size and hash. */
export const BuiltinManifestSchema = z.object({
  format: z.literal(FORMAT_VERSION),
  passagesHash: z.string(),
  /** The passages the model is kept current for, when it learnt from more (a rebuild from the whole library). */
  keyHash: z.string().optional(),
  dimension: z.number().int().positive(),
  vocabSize: z.number().int().positive(),
  builtAt: z.iso.datetime(),
  files: FileRecordsSchema,
}).loose();

/** Names the passages a model is built from: the same passages, the same model. */
export function passagesHash(passages: readonly string[]): string {
  return createHash('sha256').update(passages.join('\u0000')).digest('hex');
}

export interface BuildBuiltinModelOptions {
  passages: string[];
  outDir: string;
  dimension?: number;
  onProgress?: (done: number, total: number, stage: string) => void;
  /** More fields for the folder's manifest (where the passages came from). */
  manifest?: Record<string, unknown>;
}

export interface BuiltModel {
  dimension: number;
  vocabSize: number;
  ms: number;
}

const STAGES = ['segment', 'cooccurrence', 'svd', 'synonyms', 'weights', 'write'] as const;

/**
 * Builds a Chinese word-embedding model from the library's own passages and writes it in transformers.js
 * layout: PPMI co-occurrence + truncated SVD give words that share contexts nearby vectors, CC-CEDICT synonyms
 * pull the wording of questions towards the library's, and SIF weights folded into the rows make the
 * pipeline's mean pooling a SIF sentence embedding.
 */
export async function buildBuiltinModel(options: BuildBuiltinModelOptions): Promise<BuiltModel> {
  const started = performance.now();
  const dimension = options.dimension ?? DEFAULT_BUILTIN_DIMENSION;
  const progress = (stage: (typeof STAGES)[number]): void => options.onProgress?.(STAGES.indexOf(stage), STAGES.length, stage);
  if (options.passages.length === 0) throw new Error('cannot build the built-in model: expected at least one passage, got none');

  progress('segment');
  const corpus = segmentCorpus(options.passages);
  const learnedWords = frequentTokens(corpus);
  const idOf = new Map(learnedWords.map((word, i) => [word, i]));
  const passageIds = corpus.passages.map((tokens) => Int32Array.from(tokens.filter((t) => idOf.has(t)).map((t) => idOf.get(t)!)));

  progress('cooccurrence');
  const ppmi = ppmiMatrix(passageIds, learnedWords.length);

  progress('svd');
  const svd = truncatedSvdEmbedding(ppmi, dimension);

  progress('synonyms');
  const pairs = await cedictSynonymPairs((word) => idOf.has(word) && word.length >= 2);
  const words = [...learnedWords];
  const addWord = (word: string): number => {
    let id = idOf.get(word);
    if (id === undefined) {
      id = words.push(word) - 1;
      idOf.set(word, id);
    }
    return id;
  };
  const edges = pairs.map(([a, b]) => [addWord(a), addWord(b)] as const);
  // Characters seen only inside words: fallback pieces, so an unseen word still lands near words sharing its characters.
  const characters = corpusCharacters(corpus);
  const fallbackCharacters = [...characters.keys()].filter((char) => !idOf.has(char));
  fallbackCharacters.forEach(addWord);

  const vectors: WordVectors = { dimension: svd.dimension, data: new Float64Array(words.length * svd.dimension) };
  vectors.data.set(svd.data);
  normalizeRows(vectors);
  const neighbours: number[][] = words.map(() => []);
  for (const [a, b] of edges) {
    neighbours[a]!.push(b);
    neighbours[b]!.push(a);
  }
  retrofit(vectors, words.map((_, i) => i < learnedWords.length), neighbours);
  const wordsContaining = new Map(fallbackCharacters.map((char): [string, number[]] => [char, []]));
  learnedWords.forEach((word, i) => {
    for (const char of new Set(word)) wordsContaining.get(char)?.push(i);
  });
  for (const [char, containing] of wordsContaining) averageInto(vectors, idOf.get(char)!, containing);
  normalizeRows(vectors);

  progress('weights');
  const probabilities = Float64Array.from(words, (word) => (corpus.counts.get(word) ?? characters.get(word) ?? 0) / corpus.totalTokens);
  applySifWeights(vectors, probabilities, SIF_SMOOTHING);
  removeCommonDirection(vectors, passageIds);

  progress('write');
  const files = modelFiles(words, vectors, corpus.counts, options.passages);
  const vocabSize = words.length + FIRST_PIECE_ID;
  const manifest = { ...options.manifest, format: FORMAT_VERSION, passagesHash: passagesHash(options.passages), dimension: vectors.dimension, vocabSize, builtAt: new Date().toISOString() };
  await writeFolderAtomically(options.outDir, files, { beforeFile: () => progress('write'), manifest });
  return { dimension: vectors.dimension, vocabSize, ms: Math.round(performance.now() - started) };
}

function modelFiles(words: string[], vectors: WordVectors, counts: ReadonlyMap<string, number>, passages: string[]): Map<string, string | Uint8Array> {
  const rows = words.length + FIRST_PIECE_ID;
  const matrix = new Float32Array(rows * vectors.dimension);
  // The rows before FIRST_PIECE_ID (padding, unknown) stay zero: padding and unknown text (punctuation, spaces) add nothing to the mean.
  matrix.set(vectors.data, FIRST_PIECE_ID * vectors.dimension);
  const { tokenizer, tokenizerConfig } = tokenizerFiles(scorePieces(words, counts), MAX_TOKENS);
  const config = {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: vectors.dimension,
    vocab_size: rows,
    policy_qa: {
      kind: BUILTIN_MODEL_KIND,
      formatVersion: FORMAT_VERSION,
      libraryHash: passagesHash(passages),
      pooling: 'mean',
    },
  };
  return new Map<string, string | Uint8Array>([
    ['config.json', JSON.stringify(config, null, 2)],
    ['tokenizer_config.json', JSON.stringify(tokenizerConfig, null, 2)],
    ['tokenizer.json', JSON.stringify(tokenizer)],
    ['onnx/model.onnx', encodeEmbeddingModel(matrix, rows, vectors.dimension)],
  ]);
}
