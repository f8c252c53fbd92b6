/**
 * Keeps the built-in model in `EMBEDDINGS_DIR/builtin-model` current and intact: rebuilt when the passages
 * it is keyed on change (the seed library, or the same library cut or labelled differently by a newer
 * parser), when the folder is gone, when a file no longer matches the size and hash its manifest records (a
 * truncated tokenizer or model would otherwise leave dense retrieval unavailable on every start), or when
 * asked. Files added while serving are embedded with the model as it is; `force` remakes it from every passage.
 */
import path from 'node:path';
import { MANIFEST_FILE } from '../atomic-folder.ts';
import { DamagedFileError, readSealedManifest, verifyAll } from '../integrity.ts';
import { buildBuiltinModel, BuiltinManifestSchema, type BuiltModel, FORMAT_VERSION, passagesHash } from './builtin-model.ts';

export const BUILTIN_MODEL_FOLDER = 'builtin-model';

export interface EnsureBuiltinOptions {
  embeddingsDir: string;
  /** The passages the model is keyed on (and learns from unless `learnFrom` is given). */
  passages: string[];
  /** Passages to learn from when building: the whole library on a requested rebuild. */
  learnFrom?: string[];
  /** Build even when the model is current. */
  force?: boolean;
  libraryHash: string;
  /** Called once per build stage, when a build happens. */
  onStage?: (stage: string, done: number, total: number) => void;
  /** A stored file did not match the manifest: the model is rebuilt; say which. */
  onDamaged?: (error: DamagedFileError) => void;
}

/** True when the folder holds a model of these passages whose every file is as written. */
async function current(dir: string, expectedHash: string): Promise<boolean> {
  const manifest = await readSealedManifest(path.join(dir, MANIFEST_FILE), BuiltinManifestSchema, FORMAT_VERSION);
  if (!manifest || (manifest.keyHash ?? manifest.passagesHash) !== expectedHash) return false;
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
  const fine = !options.force && await current(dir, expectedHash).catch((error: unknown) => {
    if (error instanceof DamagedFileError) options.onDamaged?.(error);
    return false;
  });
  if (fine) return null;
  let lastStage = '';
  return buildBuiltinModel({
    passages: options.learnFrom ?? options.passages,
    outDir: dir,
    manifest: { libraryHash: options.libraryHash, keyHash: expectedHash },
    onProgress: (done, total, stage) => {
      if (stage !== lastStage) options.onStage?.(stage, done, total);
      lastStage = stage;
    },
  });
}
