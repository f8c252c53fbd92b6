/**
 * The bytes of an index file as an ArrayBuffer that 4-byte typed arrays can view. A large file read is
 * its own allocation, aligned: viewed in place, loading an index needs no second copy of it, whose
 * transient peak the allocator would otherwise keep resident while serving.
 */
export function alignedBytes(bytes: Buffer): { buffer: ArrayBuffer; byteOffset: number } {
  if (bytes.buffer instanceof ArrayBuffer && bytes.byteOffset % Float32Array.BYTES_PER_ELEMENT === 0) return { buffer: bytes.buffer, byteOffset: bytes.byteOffset };
  return { buffer: new Uint8Array(bytes).buffer, byteOffset: 0 };
}
