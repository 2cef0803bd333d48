/**
 * Prefills the next turn's history while the user types.
 *
 * The KV cache ends with the reply as the model generated it: after
 * `<|im_start|>assistant\n` come the think block (empty when thinking was off)
 * and the answer. Qwen3's chat template renders that reply differently once a
 * new user message follows it — `<|im_start|>assistant\n{answer}<|im_end|>\n`,
 * reasoning and think block dropped — so the next turn's prompt parts from the
 * cache where the reply began, and would prefill the whole reply again before
 * the user's new message. Doing that prefill as soon as the reply ends, in the
 * idle time before the next message, takes it off the next turn's time to
 * first token. The next turn still verifies its prefix token by token
 * (kv-cache.ts): when the app sends something else, nothing wrong is reused.
 */
import { commonPrefixLength } from '../core/common-prefix.js';
import type { ChatMessage, ChatTool } from '../types.js';
import { reuseCache, type ConversationCache } from './kv-cache.js';
import type { ModelSession } from './model-session.js';
import { prefillChunks, prefillChunkTokens } from './prefill.js';
import { applyChatTemplate } from './prompt-plan.js';

/** Tokens per forward pass, so that a new request waits for at most one chunk. */
const CHUNK_TOKENS = 64;
/**
 * The template adds a few tokens the generated reply lacked (`<|im_end|>\n`);
 * beyond that, more to prefill than the reply itself means the history was not
 * what the cache holds (messages dropped for context, say): not worth guessing.
 */
const SLACK_TOKENS = 8;

/**
 * The tokens the next turn's prompt will start with: `messages` and then
 * `reply` as the chat template renders them before a new user message.
 */
export function nextTurnPrefix(
  session: Pick<ModelSession, 'tokenizer' | 'special'>,
  messages: readonly ChatMessage[],
  reply: ChatMessage,
  tools?: readonly ChatTool[],
): number[] {
  const placeholder: ChatMessage = { role: 'user', content: '.' };
  const ids = applyChatTemplate(session, [...messages, reply, placeholder], { add_generation_prompt: false }, tools);
  // Everything before the placeholder user turn; its opening token is a special
  // token, so the text before it tokenizes the same whatever follows.
  return ids.slice(0, ids.lastIndexOf(session.special.imStart));
}

/**
 * Extends `cache` to hold `ids`, in chunks, stopping early when `preempted()`
 * says a request is waiting. Returns the cache to keep, which always holds a
 * verified prefix of `ids` (none when preempted before the first chunk of a
 * cache that shared nothing); `cache` itself is consumed. Returns `cache`
 * untouched when `ids` is not worth prefilling (see SLACK_TOKENS).
 */
export async function prefillNextTurn(
  session: Pick<ModelSession, 'model' | 'info'>,
  cache: ConversationCache,
  ids: readonly number[],
  replyTokens: number,
  preempted: () => boolean,
): Promise<ConversationCache | undefined> {
  const shared = commonPrefixLength(cache.tokens, ids);
  const missing = ids.length - shared;
  if (missing <= 0 || missing > replyTokens + SLACK_TOKENS || ids.length >= session.info.contextWindow) return cache;
  const reuse = await reuseCache(cache, ids);
  const start: ConversationCache | undefined = reuse.pastKeyValues && { tokens: ids.slice(0, reuse.reused), pastKeyValues: reuse.pastKeyValues };
  const chunkTokens = Math.min(CHUNK_TOKENS, prefillChunkTokens(session.info.device));
  return prefillChunks(session, start, ids, { chunkTokens, leave: 0, stop: preempted });
}
