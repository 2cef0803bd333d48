/**
 * Runs a prompt through the model in chunks, extending a KV cache. One
 * forward pass over a whole long prompt cannot be stopped, and on a graph
 * without `num_logits_to_keep` it computes the 151,936 logits of every
 * position: 3.6 GB for 6,000 tokens, past the WASM heap. A chunk bounds that
 * to its own logits (about 155 MB for 256 tokens), and the caller can stop
 * between chunks.
 */
import { Tensor, type DynamicCache } from '@huggingface/transformers';
import { cacheAfter, type ConversationCache } from './kv-cache.js';
import type { ModelSession } from './model-session.js';
import { nextMacrotask } from './yield-between-steps.js';

/** Prompt tokens per forward pass during prefill. */
export const PREFILL_CHUNK_TOKENS = 256;

/**
 * The most new tokens one WebGPU forward pass may take. Measured on
 * onnxruntime-web 1.31.0-dev.20260914 (transformers.js 4.3.1's) with the
 * builder-style graph on SwiftShader: passes of up to 31 new tokens give
 * WASM's logits (within 6e-6, with or without a past), passes of 32 or more
 * are off by 3 or more, in fp32 and q4 alike, so in an op they share
 * (attention, rotary or norm), not in the 4-bit MatMul. A 1,000-token prompt
 * then runs in 33 passes instead of 4. Whether real GPUs share the fault
 * cannot be measured here; a wrong answer costs more than a slower prefill,
 * so every WebGPU adapter gets the bound
 * (test/browser/builder-graph.webgpu.spec.ts checks a 60-token prompt).
 */
export const WEBGPU_MAX_PASS_TOKENS = 31;

/** Prompt tokens per forward pass on `device`. */
export function prefillChunkTokens(device: 'webgpu' | 'wasm'): number {
  return device === 'webgpu' ? WEBGPU_MAX_PASS_TOKENS : PREFILL_CHUNK_TOKENS;
}

/**
 * Extends `cache` (which holds a verified prefix of `ids`, or nothing) one
 * chunk at a time until at most `leave` tokens of `ids` remain uncached, or
 * `stop()` says to stop. Returns the cache, which always holds a prefix of
 * `ids`; `cache` itself is consumed. If a forward pass fails, the cache is
 * disposed before the error is rethrown.
 */
export async function prefillChunks(
  session: Pick<ModelSession, 'model'>,
  cache: ConversationCache | undefined,
  ids: readonly number[],
  options: { chunkTokens: number; leave: number; stop: () => boolean },
): Promise<ConversationCache | undefined> {
  let current = cache;
  for (let first = true; ; first = false) {
    // A pass over a chunk runs without returning to the worker's event loop:
    // let a Stop that arrived meanwhile be read before deciding to go on.
    if (!first) await nextMacrotask();
    if (ids.length - (current?.tokens.length ?? 0) <= options.leave || options.stop()) break;
    const end = Math.min(ids.length - options.leave, (current?.tokens.length ?? 0) + options.chunkTokens);
    const chunk = ids.slice(0, end);
    try {
      // One new token, thrown away: `generate()` is the public way to run a
      // cached forward pass; it feeds only the uncached part of `chunk`, and
      // its cache then covers exactly `chunk`.
      const output = (await session.model.generate({
        input_ids: new Tensor('int64', BigInt64Array.from(chunk.map(BigInt)), [1, end]),
        attention_mask: new Tensor('int64', new BigInt64Array(end).fill(1n), [1, end]),
        max_new_tokens: 1,
        do_sample: false,
        past_key_values: current?.pastKeyValues,
        return_dict_in_generate: true,
      } as unknown as Parameters<typeof session.model.generate>[0])) as unknown as { past_key_values: DynamicCache };
      current = cacheAfter(chunk, output.past_key_values);
    } catch (error) {
      await current?.pastKeyValues.dispose().catch(() => undefined);
      throw error;
    }
  }
  return current;
}
