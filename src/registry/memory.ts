/**
 * How much memory a loaded model needs: its weights (held once, on the GPU or
 * in the WASM heap) plus the KV cache of the context it is budgeted for.
 * Activations and the logits of a long prefill come on top; the estimate is a
 * floor, not a guarantee.
 */
import { modelKvBytesPerToken } from './kv-cache.js';
import type { ModelDtype, ModelInfo } from './types.js';
import { weightBytes } from './weight-bytes.js';

/**
 * The context the memory estimate budgets for: 8,192 tokens. That holds a
 * multi-turn chat with a long thinking reply (reasoning often runs 1–4k
 * tokens) and keeps Qwen3-4B q4f16 near 4 GB. The full 40,960 positions would
 * add 4.4 GiB (0.6B/1.7B, fp16) or 5.6 GiB (4B) of KV cache: more than
 * browsers give a tab.
 */
export const DEFAULT_CONTEXT_BUDGET = 8192;

/** A memory estimate, in bytes. */
export interface MemoryEstimate {
  weightsBytes: number;
  kvBytesPerToken: number;
  /** The context budgeted for (clamped to the model's positions). */
  contextTokens: number;
  kvCacheBytes: number;
  /** Weights plus KV cache. */
  totalBytes: number;
}

/** Weights + KV cache × `contextTokens` for `model` loaded as `dtype`. */
export function estimateMemory(
  model: Pick<ModelInfo, 'architecture' | 'sizes' | 'kvCacheDtypes' | 'maxPositionEmbeddings'>,
  dtype: ModelDtype,
  contextTokens: number = DEFAULT_CONTEXT_BUDGET,
): MemoryEstimate {
  const tokens = Math.min(Math.max(0, Math.floor(contextTokens)), model.maxPositionEmbeddings);
  const weightsBytes = weightBytes(model, dtype);
  const perToken = modelKvBytesPerToken(model, dtype);
  const kvCacheBytes = perToken * tokens;
  const totalBytes = weightsBytes + kvCacheBytes;
  return { weightsBytes, kvBytesPerToken: perToken, contextTokens: tokens, kvCacheBytes, totalBytes };
}
