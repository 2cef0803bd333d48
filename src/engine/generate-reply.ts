/**
 * Generates one reply with transformers.js's `generate()`: prompt planning,
 * sampling and thinking-budget processors, abort, streaming events.
 */
import { Tensor, type DynamicCache } from '@huggingface/transformers';
import { ReplyBuilder } from '../core/reply-builder.js';
import { createRandom } from '../core/sampling/seeded-random.js';
import type { ChatRequest } from '../protocol.js';
import type { ChatEvent, ChatMessage, FinishEvent, FinishReason } from '../types.js';
import { AbortCriteria } from './abort-criteria.js';
import { PresencePenaltyProcessor, SamplingProcessor, ThinkingBudgetProcessor } from './logits-processors.js';
import { cacheAfter, reuseCache, type ConversationCache } from './kv-cache.js';
import type { ModelSession } from './model-session.js';
import { planPrompt } from './prompt-plan.js';
import { ReplyStreamer } from './reply-streamer.js';
import { resolveSampling } from './sampling-defaults.js';

/** Default cap on generated tokens per reply. */
export const DEFAULT_MAX_NEW_TOKENS = 1024;

/** How a reply ended, and what the engine keeps of it. */
export interface ReplyOutcome {
  /** The KV cache to keep for the next turn (none when aborted before the prefill). */
  cache: ConversationCache | undefined;
  /** The reply as the `finish` event gave it to the app. */
  message: ChatMessage;
  reason: FinishReason;
  /** Tokens generated, reasoning included. */
  generatedTokens: number;
}

/** Runs one reply to completion (or abort), emitting events as it goes. */
export async function generateReply(
  session: ModelSession,
  messages: readonly ChatMessage[],
  options: ChatRequest,
  emit: (events: ChatEvent[]) => void,
  isAborted: () => boolean,
  previous: ConversationCache | undefined,
): Promise<ReplyOutcome> {
  const startedAt = performance.now();
  const plan = planPrompt(session, messages, options);
  const { special, info } = session;
  const builder = new ReplyBuilder({
    decode: (ids) => session.tokenizer.decode(ids, { skip_special_tokens: true }),
    initialState: plan.initialState,
    thinkStartId: special.thinkStart,
    thinkEndId: special.thinkEnd,
    thinkingBudget: plan.thinkingBudget,
    forcedIds: special.stopThinking,
  });
  const promptLength = plan.ids.length;
  const sampling = resolveSampling(options, plan.initialState === 'reasoning');
  const processors = [];
  if (sampling.presencePenalty !== 0) processors.push(new PresencePenaltyProcessor(sampling.presencePenalty, promptLength));
  if (sampling.temperature > 0) processors.push(new SamplingProcessor(sampling, createRandom(sampling.seed)));
  if (Number.isFinite(plan.thinkingBudget)) {
    processors.push(new ThinkingBudgetProcessor(plan.thinkingBudget, special.stopThinking, special.thinkEnd, promptLength));
  }
  const maxNewTokens = Math.min(options.maxNewTokens ?? DEFAULT_MAX_NEW_TOKENS, info.contextLength - promptLength);
  const reuse = options.reuseKvCache === false ? await reuseCache(previous, []) : await reuseCache(previous, plan.ids);
  let next: ConversationCache | undefined;
  const prefillStartedAt = performance.now();
  if (isAborted()) {
    await reuse.pastKeyValues?.dispose();
  } else {
    const output = (await session.model.generate({
      input_ids: new Tensor('int64', BigInt64Array.from(plan.ids.map(BigInt)), [1, promptLength]),
      attention_mask: new Tensor('int64', new BigInt64Array(promptLength).fill(1n), [1, promptLength]),
      max_new_tokens: maxNewTokens,
      do_sample: false,
      eos_token_id: special.eos,
      logits_processor: processors,
      stopping_criteria: [new AbortCriteria(isAborted)],
      streamer: new ReplyStreamer(builder, emit),
      past_key_values: reuse.pastKeyValues,
      return_dict_in_generate: true,
    } as unknown as Parameters<typeof session.model.generate>[0])) as unknown as GenerateOutput;
    next = cacheAfter([...plan.ids, ...builder.tokens], output.past_key_values);
  }
  const last = builder.tokens.at(-1);
  const reason: FinishReason = isAborted()
    ? 'aborted'
    : last !== undefined && special.eos.includes(last)
      ? 'stop'
      : 'length';
  const events = builder.finish(reason, { promptTokens: promptLength, prefillTokens: promptLength - reuse.reused, startedAt, prefillStartedAt });
  emit(events);
  const finish = events.at(-1) as FinishEvent;
  return { cache: next, message: finish.message, reason, generatedTokens: builder.tokens.length };
}

interface GenerateOutput {
  past_key_values: DynamicCache;
}
