/**
 * What the hub knows about one file of a commit, in its own terms:
 * - `blobId` is the git object id: of the content for a small file, of the LFS pointer
 *   file (`version …\noid sha256:…\nsize …\n`) for an LFS file, as huggingface_hub's
 *   `RepoSibling.blob_id` / `RepoFile.blob_id` document.
 * - `lfs` is `{ sha256, size, pointerSize }` (`pointerSize` is the pointer file's length, 134 for
 *   a 9-digit size), as the API's siblings and tree entries carry it.
 * - `xetHash` stands in for the Xet content hash (a Merkle hash of chunks on the real hub): 64
 *   hex, deterministic, derived from the SHA-256 so it costs no second read, and never equal to it.
 */
import { createHash } from 'node:crypto';
import type { HashCache } from './hashes.js';
import { isLfsFile } from './hashes.js';
import type { CdnEtagMode } from './types.js';

/** Where a file of a commit lives on disk. */
export interface StoredFile {
  absPath: string;
  size: number;
  mtimeMs: number;
}

/** The hub's metadata of one file. */
export interface BlobInfo {
  size: number;
  blobId: string;
  /** Present for LFS files only. */
  lfs?: { sha256: string; size: number; pointerSize: number };
}

/** Size, git blob id and (for LFS files) SHA-256 of `path`, hashing it once per version. */
export async function blobInfo(hashes: HashCache, path: string, file: StoredFile): Promise<BlobInfo> {
  if (!isLfsFile(path, file.size)) {
    return { size: file.size, blobId: await hashes.digest(file.absPath, file.size, file.mtimeMs, 'git-sha1') };
  }
  const sha256 = await hashes.digest(file.absPath, file.size, file.mtimeMs, 'sha256');
  const pointer = Buffer.from(lfsPointer(sha256, file.size));
  return {
    size: file.size,
    blobId: gitBlobSha1(pointer),
    lfs: { sha256, size: file.size, pointerSize: pointer.length },
  };
}

/** The text git stores in place of an LFS file. */
export function lfsPointer(sha256: string, size: number): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;
}

/** The git blob id of some bytes. */
export function gitBlobSha1(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** This server's stand-in for a file's Xet hash; see the top of this file. */
export function xetHashOf(sha256: string): string {
  return createHash('sha256').update(`xet-file-hash\0${sha256}`).digest('hex');
}

/** The unquoted ETag the CDN sends for an LFS file in `mode`. */
export async function cdnEtagOf(hashes: HashCache, file: StoredFile, mode: CdnEtagMode): Promise<string> {
  if (mode === 'md5') return hashes.digest(file.absPath, file.size, file.mtimeMs, 'md5');
  const sha256 = await hashes.digest(file.absPath, file.size, file.mtimeMs, 'sha256');
  return mode === 'sha256' ? sha256 : xetHashOf(sha256);
}
