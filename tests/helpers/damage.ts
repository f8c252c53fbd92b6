/** What a misbehaving disk does to a stored file, for the integrity tests. */
import { randomBytes } from 'node:crypto';
import { open, stat, truncate } from 'node:fs/promises';

/** Overwrites up to 4 KB in the middle of `file` with random bytes; the size stays the same. */
export async function garble(file: string): Promise<void> {
  const { size } = await stat(file);
  const length = Math.max(1, Math.min(4096, Math.floor(size / 2)));
  const handle = await open(file, 'r+');
  try {
    await handle.write(randomBytes(length), 0, length, Math.floor((size - length) / 2));
  } finally {
    await handle.close();
  }
}

/** Cuts `file` to half its size, as a write interrupted by a full disk would leave it. */
export async function halve(file: string): Promise<void> {
  await truncate(file, Math.floor((await stat(file)).size / 2));
}
