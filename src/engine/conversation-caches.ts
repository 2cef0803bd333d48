/**
 * The KV caches of the last few conversations, by the id the chat layer
 * sends (`ChatOptions.conversationId`), so that conversations taking turns —
 * two chats on a page, or tabs sharing one engine — each continue from their
 * own cache instead of evicting each other's and prefilling their whole
 * history again. The cache in use is taken out while a reply runs; the idle
 * ones are kept, most recently used last, within a number and a byte
 * budget, and the oldest are freed first.
 */
import type { ConversationCache } from './kv-cache.js';

/** The id of requests that send none. */
export const DEFAULT_CONVERSATION = '';

export interface ConversationCacheLimits {
  /** Conversations kept, the one in use included. */
  conversations: number;
  /** Bytes the idle caches may hold together (the one in use is not counted). */
  idleBytes: number;
}

/** Four conversations; idle caches up to 512 MiB (0.6B's float32 cache holds ~4,500 tokens in that). */
export const DEFAULT_CONVERSATION_LIMITS: ConversationCacheLimits = { conversations: 4, idleBytes: 512 * 2 ** 20 };

export class ConversationCaches {
  private readonly caches = new Map<string, ConversationCache>();

  constructor(private readonly limits: ConversationCacheLimits = DEFAULT_CONVERSATION_LIMITS) {}

  /** Removes and returns the conversation's cache (the reply about to run owns it). */
  take(id: string): ConversationCache | undefined {
    const cache = this.caches.get(id);
    this.caches.delete(id);
    return cache;
  }

  /** The conversation's cache, left in place. */
  peek(id: string): ConversationCache | undefined {
    return this.caches.get(id);
  }

  /** Keeps `cache` as the conversation's, the most recent; frees the oldest beyond the limits. */
  async put(id: string, cache: ConversationCache | undefined): Promise<void> {
    const replaced = this.caches.get(id);
    this.caches.delete(id);
    if (replaced && replaced !== cache) await replaced.pastKeyValues.dispose().catch(() => undefined);
    if (!cache) return;
    this.caches.set(id, cache);
    let idleBytes = [...this.caches.values()].reduce((sum, kept) => sum + (kept === cache ? 0 : cacheBytes(kept)), 0);
    for (const [oldest, kept] of this.caches) {
      if (this.caches.size <= this.limits.conversations && idleBytes <= this.limits.idleBytes) break;
      if (kept === cache) continue;
      this.caches.delete(oldest);
      idleBytes -= cacheBytes(kept);
      await kept.pastKeyValues.dispose().catch(() => undefined);
    }
  }

  /** Frees every cache. */
  async clear(): Promise<void> {
    const all = [...this.caches.values()];
    this.caches.clear();
    for (const cache of all) await cache.pastKeyValues.dispose().catch(() => undefined);
  }
}

/** Bytes of a cache's tensors, as their dims and types say (on the GPU as in memory). */
export function cacheBytes(cache: ConversationCache): number {
  let bytes = 0;
  for (const tensor of Object.values(cache.pastKeyValues) as Array<{ dims?: readonly number[]; type?: string }>) {
    if (!tensor?.dims) continue;
    bytes += tensor.dims.reduce((product, dim) => product * dim, 1) * (tensor.type === 'float16' ? 2 : 4);
  }
  return bytes;
}
