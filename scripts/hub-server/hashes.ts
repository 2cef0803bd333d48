import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Files above this size are treated as LFS files, whatever their name. */
export const LFS_SIZE_THRESHOLD = 1024 * 1024;

/** Whether the hub would store this file in LFS (and so expose its SHA-256). */
export function isLfsFile(file: string, size: number): boolean {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return name.endsWith('.onnx') || name.includes('.onnx_data') || size > LFS_SIZE_THRESHOLD;
}

/** Identity of a file's content as the hub exposes it. */
export interface FileIdentity {
  /** Quoted ETag: the SHA-256 hex for LFS files, the git blob SHA-1 otherwise. */
  etag: string;
  lfs: boolean;
}

interface CacheEntry {
  size: number;
  mtimeMs: number;
  identity: Promise<FileIdentity>;
}

/** Hashes files once per (path, size, mtime); concurrent requests share one computation. */
export class HashCache {
  readonly #entries = new Map<string, CacheEntry>();

  /** The identity of `absPath`, hashing it only when it is new or changed. */
  identity(absPath: string, relPath: string, size: number, mtimeMs: number): Promise<FileIdentity> {
    const cached = this.#entries.get(absPath);
    if (cached && cached.size === size && cached.mtimeMs === mtimeMs) return cached.identity;

    const lfs = isLfsFile(relPath, size);
    const identity = hashFile(absPath, lfs, size).then((hex) => ({ etag: `"${hex}"`, lfs }));
    this.#entries.set(absPath, { size, mtimeMs, identity });
    identity.catch(() => this.#entries.delete(absPath));
    return identity;
  }
}

/** SHA-256 hex of the file (LFS oid), or the git blob SHA-1 (`blob <size>\0<content>`). */
async function hashFile(absPath: string, lfs: boolean, size: number): Promise<string> {
  const hash = createHash(lfs ? 'sha256' : 'sha1');
  if (!lfs) hash.update(`blob ${size}\0`);
  for await (const chunk of createReadStream(absPath, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
