/**
 * Multi-turn KV-cache reuse with a verified prefix. The engine keeps the
 * tokens behind its KV cache; a new prompt reuses the longest common token
 * prefix and prefills only the rest.
 *
 * Qwen3's chat template drops earlier turns' reasoning when it re-renders the
 * history, so a new prompt is usually NOT the old transcript plus new turns:
 * slicing it at the cache's length would feed the model the wrong tokens.
 * We compare tokens, and truncate the cache to what really matches.
 */
import { DynamicCache, Tensor } from '@huggingface/transformers';
import { commonPrefixLength } from '../core/common-prefix.js';
import { cutSequenceOnGpu } from './gpu-sequence-cut.js';
import { isKvView, truncatedKvView, type OrtTensorClass, type OrtTensorLike } from './kv-in-place/kv-buffer.js';

/** The KV cache and the tokens it holds, one per position. */
export interface ConversationCache {
  tokens: number[];
  pastKeyValues: DynamicCache;
}

/** What a new prompt can reuse. */
export interface CacheReuse {
  pastKeyValues: DynamicCache | undefined;
  /** Prompt tokens covered by the cache (not prefilled again). */
  reused: number;
}

/**
 * Truncates `cache` to the prefix it shares with `prompt`. At least one prompt
 * token is always left to prefill, because generation needs the logits of the
 * last prompt position.
 */
export async function reuseCache(cache: ConversationCache | undefined, prompt: readonly number[]): Promise<CacheReuse> {
  if (!cache) return { pastKeyValues: undefined, reused: 0 };
  const shared = Math.min(commonPrefixLength(cache.tokens, prompt), prompt.length - 1);
  if (shared <= 0) {
    await cache.pastKeyValues.dispose();
    return { pastKeyValues: undefined, reused: 0 };
  }
  if (shared === cache.tokens.length) return { pastKeyValues: cache.pastKeyValues, reused: shared };
  const entries: Record<string, Tensor> = {};
  try {
    for (const [name, tensor] of Object.entries(cache.pastKeyValues as unknown as Record<string, Tensor>)) {
      entries[name] = await truncateSequence(tensor, shared);
    }
  } catch (error) {
    // Neither the old cache nor the part already cut is kept: free both.
    await new DynamicCache(entries).dispose().catch(() => undefined);
    await cache.pastKeyValues.dispose().catch(() => undefined);
    throw error;
  }
  await cache.pastKeyValues.dispose();
  return { pastKeyValues: new DynamicCache(entries), reused: shared };
}

/**
 * Keeps the first `length` positions of a `[batch, heads, sequence, headDim]`
 * tensor. A cache held in place (WASM, kv-in-place/) is cut where it lies; a
 * GPU-resident cache (WebGPU) is cut on the GPU, and `tensor` stays for
 * `DynamicCache.dispose()` to free.
 */
async function truncateSequence(tensor: Tensor, length: number): Promise<Tensor> {
  const ort = ortTensorOf(tensor);
  if (isKvView(ort)) return new Tensor(truncatedKvView(ort.constructor as OrtTensorClass, ort, length) as never);
  if (tensor.location !== 'gpu-buffer') return tensor.slice(null, null, [0, length], null);
  const onGpu = await cutSequenceOnGpu(tensor, length);
  if (onGpu) return onGpu;
  // Not cuttable on the GPU (see gpu-sequence-cut.ts): read it back, and let
  // `getData(true)` free the GPU buffer. Without `release`, onnxruntime marks
  // the tensor `cpu` but keeps its buffer, and `DynamicCache.dispose()`,
  // which frees only `gpu-buffer` tensors, would leak the whole cache.
  const ortTensor = ortTensorOf(tensor) as unknown as { getData(release?: boolean): Promise<Float32Array> };
  const cpu = new Tensor(tensor.type, await ortTensor.getData(true), tensor.dims);
  return cpu.slice(null, null, [0, length], null);
}

/** The onnxruntime tensor a transformers.js tensor wraps. */
export const ortTensorOf = (tensor: Tensor): OrtTensorLike => (tensor as unknown as { ort_tensor: OrtTensorLike }).ort_tensor;

/** The cache after a generation: its tokens are the first `seqLength` of the full sequence. */
export function cacheAfter(sequence: readonly number[], pastKeyValues: DynamicCache): ConversationCache {
  return { tokens: sequence.slice(0, pastKeyValues.get_seq_length()), pastKeyValues };
}
