/**
 * What a persisted index must change to serve the current chunks: each chunk is known by a key of what the
 * index learnt from it (its text and context), so only new or changed chunks are indexed again.
 */

export interface Reconciled {
  /** Slot in the persisted index of each current chunk, by chunk index; -1 where it must be added. */
  slotOf: Int32Array;
  /** Chunk indices to index anew. */
  missing: number[];
  /** Live slots of the persisted index no current chunk has any more. */
  stale: number[];
}

/** `persisted[slot]` is the key a slot holds (null once deleted); `wanted[i]` the key chunk i needs. */
export function reconcile(persisted: readonly (string | null)[], wanted: readonly string[]): Reconciled {
  const free = new Map<string, number>();
  persisted.forEach((key, slot) => {
    if (key !== null && !free.has(key)) free.set(key, slot);
  });
  const slotOf = new Int32Array(wanted.length).fill(-1);
  const missing: number[] = [];
  wanted.forEach((key, index) => {
    const slot = free.get(key);
    if (slot === undefined) missing.push(index);
    else {
      slotOf[index] = slot;
      free.delete(key);
    }
  });
  const used = new Set(slotOf);
  const stale = persisted.flatMap((key, slot) => (key !== null && !used.has(slot) ? [slot] : []));
  return { slotOf, missing, stale };
}
