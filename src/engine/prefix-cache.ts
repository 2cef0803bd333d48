/**
 * The loaded model's stored prefix caches (store/prefix-store.ts), as the
 * engine uses them: listed once per session, the longest one a prompt
 * starts with read back as a conversation cache, a new one saved.
 */
import { prefixesOf } from '../store/model-records.js';
import { defaultModelStore } from '../store/model-store.js';
import { readPrefix, writePrefix, type PrefixRecord } from '../store/prefix-store.js';
import type { ConversationCache } from './kv-cache.js';
import type { ModelSession } from './model-session.js';
import { bestStoredPrefix, cacheFromTensorBytes, cacheTensorBytes } from './stored-prefix.js';

/** One engine's view of the stored prefixes of whatever model it has loaded. */
export class PrefixCache {
  private listed: Promise<PrefixRecord[]> | undefined;

  /** Forgets the list (a new model, or the store changed). */
  forget(): void {
    this.listed = undefined;
  }

  /** The stored prefix holding exactly `ids`, if any. */
  async exact(session: ModelSession, ids: readonly number[]): Promise<PrefixRecord | undefined> {
    return (await this.list(session)).find((prefix) => prefix.tokens.length === ids.length && prefix.tokens.every((id, i) => id === ids[i]));
  }

  /**
   * `previous`, or — when a stored prefix covers more of `prompt` — that
   * prefix's cache read from IndexedDB (`previous` is then freed). A damaged
   * stored prefix is deleted by the read, and the prompt runs as without it.
   */
  async reuse(session: ModelSession, prompt: readonly number[], previous: ConversationCache | undefined): Promise<ConversationCache | undefined> {
    const best = bestStoredPrefix(await this.list(session), prompt, previous?.tokens);
    if (!best) return previous;
    const tensors = await readPrefix(defaultModelStore(), best).catch(() => undefined);
    if (!tensors) {
      this.forget();
      return previous;
    }
    await previous?.pastKeyValues.dispose().catch(() => undefined);
    return cacheFromTensorBytes(best.tokens, tensors);
  }

  /** Stores `cache` (which holds exactly its tokens) for the loaded model. */
  async save(session: ModelSession, cache: ConversationCache): Promise<PrefixRecord> {
    const { model, commit, dtype, device } = session.info;
    const record = await writePrefix(defaultModelStore(), { model, revision: commit, dtype, tokens: cache.tokens, device }, await cacheTensorBytes(cache));
    this.forget();
    return record;
  }

  private list(session: ModelSession): Promise<PrefixRecord[]> {
    const { model, commit, dtype } = session.info;
    this.listed ??= prefixesOf(defaultModelStore(), model, commit, dtype).catch(() => []);
    return this.listed;
  }
}
