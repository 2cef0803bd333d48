/**
 * Checks the browser's storage budget before a download, so a model that
 * cannot fit fails at once with `QUOTA_EXCEEDED` instead of after hundreds of
 * megabytes.
 */
import { Qwen3Error } from '../errors.js';

/** Bytes the origin may still store, or undefined when the browser does not say. */
export async function freeStorageBytes(): Promise<number | undefined> {
  const storage = (globalThis.navigator as Navigator | undefined)?.storage;
  if (!storage?.estimate) return undefined;
  const { quota, usage } = await storage.estimate();
  return quota === undefined ? undefined : Math.max(0, quota - (usage ?? 0));
}

function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}

/** Throws `QUOTA_EXCEEDED` when `needed` bytes do not fit the free storage. */
export async function ensureStorageRoom(needed: number, what: string): Promise<void> {
  if (needed <= 0) return;
  const free = await freeStorageBytes();
  if (free === undefined || needed <= free) return;
  throw new Qwen3Error(
    'QUOTA_EXCEEDED',
    `${what} needs ${formatBytes(needed)} of storage but only ${formatBytes(free)} is free for this site. Delete cached models (deleteCachedModel / clearCache), free disk space, or choose a smaller model or dtype.`,
    { details: { neededBytes: needed, freeBytes: free } },
  );
}

/** True when IndexedDB refused a write because the origin's storage is full. */
export function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'QuotaExceededError' || (error.name === 'UnknownError' && /quota/i.test(error.message)));
}
