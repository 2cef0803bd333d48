/**
 * Hashes for the model store, from hash-wasm (WebAssembly, streaming):
 * - chunk checksums (XXH3, 64-bit): checked on every warm load to catch a
 *   damaged chunk, so they must cost next to nothing — not a defence against
 *   an attacker, who could rewrite the record too;
 * - whole-file SHA-256, incremental, compared once after a download with the
 *   SHA-256 the hub publishes for large files. WebCrypto cannot hash a
 *   multi-GB file without holding all of it.
 */
import { createSHA256, xxhash3 } from 'hash-wasm';

/** Checksum of one stored chunk, as hex. */
export function chunkDigest(bytes: Uint8Array): Promise<string> {
  return xxhash3(bytes);
}

/** An incremental SHA-256 over a sequence of byte arrays. */
export async function createFileHasher(): Promise<{ update(bytes: Uint8Array): void; hex(): string }> {
  const hasher = await createSHA256();
  hasher.init();
  return {
    update: (bytes) => void hasher.update(bytes),
    hex: () => hasher.digest('hex'),
  };
}
