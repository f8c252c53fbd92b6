/**
 * Keeps the built-in model in `EMBEDDINGS_DIR/builtin-model` current and intact: rebuilt when the passages
 * it learns from change (a new library, or the same library cut or labelled differently by a newer parser),
 * when the folder is gone, or when a file no longer matches the size and hash its manifest records (a
 * truncated tokenizer or model would otherwise leave dense retrieval unavailable on every start).
 */
import path from 'node:path';
import { MANIFEST_FILE } from '../atomic-folder.ts';
import { DamagedFileError, readSealedManifest, verifyAll } from '../integrity.ts';
import { buildBuiltinModel, BuiltinManifestSchema, type BuiltModel, passagesHash } from './builtin-model.ts';

export const BUILTIN_MODEL_FOLDER = 'builtin-model';

export interface EnsureBuiltinOptions {
  embeddingsDir: string;
  passages: string[];
  libraryHash: string;
  /** Called once per build stage, when a build happens. */
  onStage?: (stage: string, done: number, total: number) => void;
  /** A stored file did not match the manifest: the model is rebuilt; say which. */
  onDamaged?: (error: DamagedFileError) => void;
}

/** True when the folder holds a model of these passages whose every file is as written. */
async function current(dir: string, expectedHash: string): Promise<boolean> {
  const manifest = await readSealedManifest(path.join(dir, MANIFEST_FILE), BuiltinManifestSchema);
  if (manifest?.passagesHash !== expectedHash) return false;
  await verifyAll(dir, manifest.files);
  return true;
}

/** True when `ensureBuiltinModel` would have nothing to build. */
export function builtinModelCurrent(embeddingsDir: string, passages: readonly string[]): Promise<boolean> {
  return current(path.join(embeddingsDir, BUILTIN_MODEL_FOLDER), passagesHash(passages)).catch(() => false);
}

/** Builds the model when it is stale or damaged; the build's figures, or null when the model was current. */
export async function ensureBuiltinModel(options: EnsureBuiltinOptions): Promise<BuiltModel | null> {
  const dir = path.join(options.embeddingsDir, BUILTIN_MODEL_FOLDER);
  const expectedHash = passagesHash(options.passages);
  const fine = await current(dir, expectedHash).catch((error: unknown) => {
    if (error instanceof DamagedFileError) options.onDamaged?.(error);
    return false;
  });
  if (fine) return null;
  let lastStage = '';
  return buildBuiltinModel({
    passages: options.passages,
    outDir: dir,
    manifest: { libraryHash: options.libraryHash },
    onProgress: (done, total, stage) => {
      if (stage !== lastStage) options.onStage?.(stage, done, total);
      lastStage = stage;
    },
  });
}
