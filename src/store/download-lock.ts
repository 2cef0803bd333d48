/**
 * One download of a file at a time across every tab and worker of the origin,
 * through the Web Locks API. A context that dies holding a lock (a closed
 * tab, a crashed worker) releases it, and the next one resumes from what
 * was stored.
 */
import { Qwen3Error } from '../errors.js';
import type { ModelStore } from './model-store.js';

/**
 * Runs `task` while holding the lock for one stored blob; without Web Locks,
 * runs it directly. `signal` gives up waiting (an `ABORTED` load).
 */
export async function withDownloadLock<T>(store: ModelStore, blob: string, signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return task();
  try {
    return await locks.request(`${store.name}:download:${blob}`, signal ? { signal } : {}, task);
  } catch (error) {
    if (signal?.aborted && error instanceof DOMException && error.name === 'AbortError') {
      throw new Qwen3Error('ABORTED', 'The load was aborted.', { cause: error });
    }
    throw error;
  }
}
