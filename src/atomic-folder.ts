import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A file's content, or a function that writes it at the path it is given (a native library's own writer). */
export type FileContent = string | Uint8Array | ((path: string) => Promise<void>);

/**
 * Writes `files` (paths relative to the folder) into a temporary sibling of `folder`, then swaps it in with
 * two renames, so a half-written model or index is never read and a failed build leaves the old folder as it
 * was. Between the renames the folder is briefly absent: a reader then finds nothing and rebuilds, never a
 * mix. `beforeFile` runs before each file is written (progress reporting; a throw there aborts the write).
 */
export async function writeFolderAtomically(
  folder: string,
  files: ReadonlyMap<string, FileContent>,
  beforeFile: (path: string) => void = () => {},
): Promise<void> {
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const staging = join(dirname(folder), `.${basename(folder)}.tmp-${suffix}`);
  const retired = join(dirname(folder), `.${basename(folder)}.old-${suffix}`);
  try {
    for (const [path, content] of files) {
      beforeFile(path);
      const target = join(staging, path);
      await mkdir(dirname(target), { recursive: true });
      if (typeof content === 'function') await content(target);
      else await writeFile(target, content);
    }
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
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
