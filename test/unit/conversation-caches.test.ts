import { describe, expect, it } from 'vitest';
import { cacheBytes, ConversationCaches } from '../../src/engine/conversation-caches.js';
import type { ConversationCache } from '../../src/engine/kv-cache.js';

/** A cache of `tokens` positions whose one tensor takes `tokens` × 1 KiB; records its disposal. */
function cache(tokens: number, disposed: string[], name: string): ConversationCache {
  const pastKeyValues = { 'past_key_values.0.key': { dims: [1, 1, tokens, 256], type: 'float32' }, dispose: async () => void disposed.push(name) };
  return { tokens: Array.from({ length: tokens }, (_, i) => i), pastKeyValues } as unknown as ConversationCache;
}

describe('ConversationCaches', () => {
  it('keeps each conversation its own cache, and frees the oldest beyond the number kept', async () => {
    const disposed: string[] = [];
    const caches = new ConversationCaches({ conversations: 2, idleBytes: Infinity });
    await caches.put('a', cache(4, disposed, 'a'));
    await caches.put('b', cache(4, disposed, 'b'));
    expect(caches.take('a')?.tokens).toHaveLength(4);
    // 'a' is in use: 'b' stays, and 'a' comes back as the most recent.
    await caches.put('a', cache(6, disposed, 'a2'));
    await caches.put('c', cache(2, disposed, 'c'));
    expect(disposed).toEqual(['b']);
    expect(caches.peek('a')?.tokens).toHaveLength(6);
    expect(caches.peek('b')).toBeUndefined();
  });

  it('bounds the idle caches by bytes, never freeing the one just put', async () => {
    const disposed: string[] = [];
    const caches = new ConversationCaches({ conversations: 10, idleBytes: 10 * 1024 });
    await caches.put('a', cache(6, disposed, 'a'));
    await caches.put('b', cache(6, disposed, 'b'));
    expect(disposed).toEqual([]);
    await caches.put('c', cache(100, disposed, 'c'));
    // Idle: a + b = 12 KiB > 10 KiB, so the oldest goes; c, in use, is not counted.
    expect(disposed).toEqual(['a']);
    expect(cacheBytes(caches.peek('c')!)).toBe(100 * 1024);
  });

  it('replacing a conversation frees its old cache; clear frees all', async () => {
    const disposed: string[] = [];
    const caches = new ConversationCaches();
    await caches.put('a', cache(1, disposed, 'a'));
    await caches.put('a', cache(2, disposed, 'a2'));
    expect(disposed).toEqual(['a']);
    await caches.clear();
    expect(disposed).toEqual(['a', 'a2']);
  });
});
