/**
 * Keeps the built-in model in `EMBEDDINGS_DIR/builtin-model` current: rebuilt when the passages it learns
 * from change (a new library, or the same library cut or labelled differently by a newer parser), or when
 * the folder is gone. A stamp beside the folder names the passages it was built from.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { buildBuiltinModel, type BuiltModel } from './builtin-model.ts';

const BuiltinStampSchema = z.object({ passagesHash: z.string(), libraryHash: z.string(), dimension: z.number().int(), vocabSize: z.number().int(), builtAt: z.string() });

export const BUILTIN_MODEL_FOLDER = 'builtin-model';

export interface EnsureBuiltinOptions {
  embeddingsDir: string;
  passages: string[];
  libraryHash: string;
  /** Called once per build stage, when a build happens. */
  onStage?: (stage: string, done: number, total: number) => void;
}

/** Builds the model when it is stale; the build's figures, or null when the model was current. */
export async function ensureBuiltinModel(options: EnsureBuiltinOptions): Promise<BuiltModel | null> {
  const dir = path.join(options.embeddingsDir, BUILTIN_MODEL_FOLDER);
  const stampFile = path.join(options.embeddingsDir, `${BUILTIN_MODEL_FOLDER}.json`);
  const passagesHash = createHash('sha256').update(options.passages.join('\u0000')).digest('hex');
  const stamp = await readFile(stampFile, 'utf8').then((text) => BuiltinStampSchema.parse(JSON.parse(text))).catch(() => null);
  if (stamp?.passagesHash === passagesHash && existsSync(path.join(dir, 'onnx', 'model.onnx'))) return null;
  let lastStage = '';
  const built = await buildBuiltinModel({
    passages: options.passages,
    outDir: dir,
    onProgress: (done, total, stage) => {
      if (stage !== lastStage) options.onStage?.(stage, done, total);
      lastStage = stage;
    },
  });
  await mkdir(options.embeddingsDir, { recursive: true });
  await writeFile(stampFile, JSON.stringify({ passagesHash, libraryHash: options.libraryHash, dimension: built.dimension, vocabSize: built.vocabSize, builtAt: new Date().toISOString() }));
  return built;
}
