/**
 * Hashes for the model store, from hash-wasm (WebAssembly, streaming):
 * - chunk checksums (XXH3, 64-bit): checked on every warm load to catch a
 *   damaged chunk, so they must cost next to nothing — not a defence against
 *   an attacker, who could rewrite the record too;
 * - whole-file SHA-256, incremental, compared once after a download with the
 *   SHA-256 the hub publishes for large files. WebCrypto cannot hash a
 *   multi-GB file without holding all of it;
 * - git's blob SHA-1 (`blob <size>\0` + content), the id the hub's API gives
 *   for small files.
 */
import { createSHA1, createSHA256, xxhash3 } from 'hash-wasm';

/** A whole-file digest the hub publishes. */
export type FileDigest = 'sha256' | 'git-sha1';

/** Checksum of one stored chunk, as hex. */
export function chunkDigest(bytes: Uint8Array): Promise<string> {
  return xxhash3(bytes);
}

/** An incremental file digest over a sequence of byte arrays; `size` is the file's length (git's header needs it). */
export async function createFileHasher(kind: FileDigest, size: number): Promise<{ update(bytes: Uint8Array): void; hex(): string }> {
  const hasher = kind === 'sha256' ? await createSHA256() : await createSHA1();
  hasher.init();
  if (kind === 'git-sha1') hasher.update(`blob ${size}\0`);
  return {
    update: (bytes) => void hasher.update(bytes),
    hex: () => hasher.digest('hex'),
  };
}
