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

/** A digest of a file's bytes: SHA-256, git blob SHA-1 (`blob <size>\0<content>`), or MD5. */
export type DigestKind = 'sha256' | 'git-sha1' | 'md5';

interface CacheEntry<T> {
  size: number;
  mtimeMs: number;
  value: Promise<T>;
}

/** Hashes files once per (path, size, mtime, digest); concurrent requests share one computation. */
export class HashCache {
  readonly #digests = new Map<string, CacheEntry<string>>();
  readonly #identities = new Map<string, CacheEntry<FileIdentity>>();

  /** The hex `kind` digest of `absPath`, reading it only when it is new or changed. */
  digest(absPath: string, size: number, mtimeMs: number, kind: DigestKind): Promise<string> {
    return cached(this.#digests, `${kind}\0${absPath}`, size, mtimeMs, () => hashFile(absPath, kind, size));
  }

  /** The identity of `absPath`, hashing it only when it is new or changed. */
  identity(absPath: string, relPath: string, size: number, mtimeMs: number): Promise<FileIdentity> {
    return cached(this.#identities, absPath, size, mtimeMs, async () => {
      const lfs = isLfsFile(relPath, size);
      const hex = await this.digest(absPath, size, mtimeMs, lfs ? 'sha256' : 'git-sha1');
      return { etag: `"${hex}"`, lfs };
    });
  }
}

function cached<T>(
  entries: Map<string, CacheEntry<T>>,
  key: string,
  size: number,
  mtimeMs: number,
  compute: () => Promise<T>,
): Promise<T> {
  const hit = entries.get(key);
  if (hit && hit.size === size && hit.mtimeMs === mtimeMs) return hit.value;
  const value = compute();
  entries.set(key, { size, mtimeMs, value });
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  return value;
}

async function hashFile(absPath: string, kind: DigestKind, size: number): Promise<string> {
  const hash = createHash(kind === 'git-sha1' ? 'sha1' : kind);
  if (kind === 'git-sha1') hash.update(`blob ${size}\0`);
  for await (const chunk of createReadStream(absPath, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
