/**
 * SHA-256 helpers. Chunks are hashed with WebCrypto (native speed, one chunk
 * in memory at a time); whole files with @noble/hashes' incremental hasher,
 * because WebCrypto cannot hash a multi-GB file without holding all of it.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** SHA-256 of one chunk, as hex. */
export async function chunkDigest(bytes: Uint8Array): Promise<string> {
  if (globalThis.crypto?.subtle) {
    const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
    return bytesToHex(new Uint8Array(digest));
  }
  // Insecure contexts have no crypto.subtle.
  return bytesToHex(sha256(bytes));
}

/** An incremental SHA-256 over a sequence of byte arrays. */
export function createFileHasher(): { update(bytes: Uint8Array): void; hex(): string } {
  const hasher = sha256.create();
  return {
    update: (bytes) => void hasher.update(bytes),
    hex: () => bytesToHex(hasher.digest()),
  };
}
