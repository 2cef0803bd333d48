/**
 * Generates one reply with transformers.js's `generate()`: the prompt
 * prefilled in chunks (stoppable between them), then sampling and
 * thinking-budget processors, abort, streaming events.
 */
import { Tensor, type DynamicCache } from '@huggingface/transformers';
import { messageText } from '../core/message-text.js';
import { ReplyBuilder } from '../core/reply-builder.js';
import { createRandom } from '../core/sampling/seeded-random.js';
import { defaultMaxNewTokens } from '../core/token-allowance.js';
import type { ChatRequest } from '../protocol.js';
import type { ChatEvent, ChatMessage, FinishEvent, FinishReason } from '../types.js';
import { AbortCriteria } from './abort-criteria.js';
import { jsonReply, type JsonReply } from './json-constraint.js';
import { PresencePenaltyProcessor, SamplingProcessor, ThinkingBudgetProcessor } from './logits-processors.js';
import { cacheAfter, reuseCache, type ConversationCache } from './kv-cache.js';
import type { ModelSession } from './model-session.js';
import { prefillChunks, prefillChunkTokens } from './prefill.js';
import type { PromptPlan } from './prompt-plan.js';
import { ReplyStreamer } from './reply-streamer.js';
import { replyTools, type ReplyTools } from './reply-tools.js';
import { resolveSampling } from './sampling-defaults.js';

/** How a reply ended, and what the engine keeps of it. */
export interface ReplyOutcome {
  /** The KV cache to keep for the next turn (none when aborted before any of the prompt was cached). */
  cache: ConversationCache | undefined;
  /** The reply as the `finish` event gave it to the app. */
  message: ChatMessage;
  reason: FinishReason;
  /** Tokens generated, reasoning included. */
  generatedTokens: number;
}

/** What a reply needs besides the session and the plan. */
export interface ReplyContext {
  options: ChatRequest;
  emit: (events: ChatEvent[]) => void;
  isAborted: () => boolean;
  /** The previous reply's cache; consumed. */
  previous: ConversationCache | undefined;
  /** When the request started (planning included). */
  startedAt: number;
}

/** The cap on generated tokens: the request's, or the default for its thinking mode; never past the context. */
export function maxNewTokensFor(plan: PromptPlan, options: ChatRequest, contextWindow: number): number {
  const wanted = options.maxNewTokens ?? defaultMaxNewTokens(plan.thinkingBudget, plan.initialState === 'reasoning');
  return Math.min(wanted, contextWindow - plan.ids.length);
}

/** Runs one reply to completion (or abort), emitting events as it goes. */
export async function generateReply(session: ModelSession, plan: PromptPlan, context: ReplyContext): Promise<ReplyOutcome> {
  const tools = replyTools(session, plan, context.options);
  const json = await jsonReply(session, plan, context.options);
  try {
    return await generateConstrained(session, plan, context, tools, json);
  } finally {
    json?.answer.dispose();
  }
}

async function generateConstrained(session: ModelSession, plan: PromptPlan, context: ReplyContext, tools: ReplyTools, json: JsonReply | undefined): Promise<ReplyOutcome> {
  const { options, emit, isAborted, startedAt } = context;
  const { special, info } = session;
  const builder = new ReplyBuilder({
    decode: (ids) => session.tokenizer.decode(ids, { skip_special_tokens: true }),
    initialState: plan.initialState,
    thinkStartId: special.thinkStart,
    thinkEndId: special.thinkEnd,
    thinkingBudget: plan.thinkingBudget,
    forcedIds: special.stopThinking,
    ...(tools.parser ? { toolCalls: tools.parser } : {}),
  });
  const promptLength = plan.ids.length;
  const sampling = resolveSampling(options, plan.initialState === 'reasoning');
  const processors = [...tools.masks, ...(json?.masks ?? [])];
  if (sampling.presencePenalty !== 0) processors.push(new PresencePenaltyProcessor(sampling.presencePenalty, promptLength));
  if (sampling.temperature > 0) processors.push(new SamplingProcessor(sampling, createRandom(sampling.seed)));
  if (Number.isFinite(plan.thinkingBudget)) {
    processors.push(new ThinkingBudgetProcessor(plan.thinkingBudget, special.stopThinking, special.thinkEnd, promptLength));
  }
  processors.push(...tools.forcing, ...(json?.forcing ?? []));
  const maxNewTokens = maxNewTokensFor(plan, options, info.contextWindow);
  const reuse = await reuseCache(context.previous, options.reuseKvCache === false ? [] : plan.ids);
  const reused = reuse.pastKeyValues && { tokens: plan.ids.slice(0, reuse.reused), pastKeyValues: reuse.pastKeyValues };
  const prefillStartedAt = performance.now();
  // All but the last chunk here, with an abort check between chunks; the last
  // one is the first step of `generate()` below.
  const chunkTokens = prefillChunkTokens(info.device);
  let cache = await prefillChunks(session, reused, plan.ids, { chunkTokens, leave: chunkTokens, stop: isAborted });
  if (!isAborted()) {
    try {
      const output = (await session.model.generate({
        input_ids: new Tensor('int64', BigInt64Array.from(plan.ids.map(BigInt)), [1, promptLength]),
        attention_mask: new Tensor('int64', new BigInt64Array(promptLength).fill(1n), [1, promptLength]),
        max_new_tokens: maxNewTokens,
        do_sample: false,
        eos_token_id: special.eos,
        logits_processor: processors,
        stopping_criteria: [new AbortCriteria(isAborted), ...(json ? [json.lookahead] : [])],
        streamer: new ReplyStreamer(builder, emit),
        past_key_values: cache?.pastKeyValues,
        return_dict_in_generate: true,
      } as unknown as Parameters<typeof session.model.generate>[0])) as unknown as GenerateOutput;
      cache = cacheAfter([...plan.ids, ...builder.tokens], output.past_key_values);
    } catch (error) {
      await cache?.pastKeyValues.dispose().catch(() => undefined);
      throw error;
    }
  }
  const last = builder.tokens.at(-1);
  const reason: FinishReason = isAborted()
    ? 'aborted'
    : last !== undefined && special.eos.includes(last)
      ? builder.hasToolCalls
        ? 'tool-calls'
        : 'stop'
      : 'length';
  const prefilled = (cache ? Math.min(cache.tokens.length, promptLength) : 0) - reuse.reused;
  const events = builder.finish(reason, { promptTokens: promptLength, prefillTokens: Math.max(0, prefilled), startedAt, prefillStartedAt });
  const finish = events.at(-1) as FinishEvent;
  if (json?.answer.complete) finish.object = JSON.parse(messageText(finish.message));
  emit(events);
  return { cache, message: finish.message, reason, generatedTokens: builder.tokens.length };
}

interface GenerateOutput {
  past_key_values: DynamicCache;
}
