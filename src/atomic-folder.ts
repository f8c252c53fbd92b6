import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type FileRecords, hashFile, recordOf, sealManifest } from './integrity.ts';

/** A file's content, or a function that writes it at the path it is given (a native library's own writer). */
export type FileContent = string | Uint8Array | ((path: string) => Promise<void>);

export interface FolderWriteOptions {
  /** Runs before each file is written (progress reporting; a throw there aborts the write). */
  beforeFile?: (path: string) => void;
  /** Written last as `manifest.json`, sealed, with the size and sha256 of every other file under `files`. */
  manifest?: Record<string, unknown>;
}

export const MANIFEST_FILE = 'manifest.json';

/** Staging and retired folders are named `.<folder>.tmp-<pid>-<time>` and `.<folder>.old-<pid>-<time>`. */
const TEMPORARY = /^\..+\.(?:tmp|old)-(\d+)-[0-9a-z]+$/u;
/** A live build writes its staging folder within seconds; one untouched this long belongs to no one. */
const ABANDONED_MS = 10 * 60_000;

/**
 * Writes `files` (paths relative to the folder) into a temporary sibling of `folder`, then swaps it in with
 * two renames, so a half-written model or index is never read and a failed build leaves the old folder as it
 * was. Between the renames the folder is briefly absent: a reader then finds nothing and rebuilds, never a
 * mix. With `manifest`, the manifest goes last: a folder without one is never loaded. Returns what was
 * recorded of each file.
 */
export async function writeFolderAtomically(folder: string, files: ReadonlyMap<string, FileContent>, options: FolderWriteOptions = {}): Promise<FileRecords> {
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const staging = join(dirname(folder), `.${basename(folder)}.tmp-${suffix}`);
  const retired = join(dirname(folder), `.${basename(folder)}.old-${suffix}`);
  const records: FileRecords = {};
  try {
    for (const [path, content] of files) {
      options.beforeFile?.(path);
      const target = join(staging, path);
      await mkdir(dirname(target), { recursive: true });
      if (typeof content === 'function') {
        await content(target);
        records[path] = await hashFile(target);
      } else {
        await writeFile(target, content);
        records[path] = recordOf(content);
      }
    }
    if (options.manifest) await writeFile(join(staging, MANIFEST_FILE), sealManifest({ ...options.manifest, files: records }));
    const hadFolder = await rename(folder, retired).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    try {
      await rename(staging, folder);
    } catch (error) {
      if (hadFolder) await rename(retired, folder);
      throw error;
    }
    if (hadFolder) await rm(retired, { recursive: true, force: true });
    return records;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the staging and retired folders that builds killed midway left in `dir` (those of a process no
 * longer running, or untouched for long, since a pid may be reused); the names of those removed.
 */
export async function removeAbandonedFolders(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const pid = TEMPORARY.exec(name)?.[1];
    if (pid === undefined) continue;
    const folder = join(dir, name);
    const touched = await stat(folder).then((info) => info.mtimeMs, () => 0);
    if (running(Number(pid)) && Date.now() - touched < ABANDONED_MS) continue;
    await rm(folder, { recursive: true, force: true });
    removed.push(folder);
  }
  return removed;
}
