/**
 * KV-cache arithmetic. Per token the cache holds, for every layer, a key and
 * a value vector per KV head: 2 × layers × kvHeads × headDim elements. For
 * Qwen3-0.6B/1.7B that is 2 × 28 × 8 × 128 = 57,344 elements = 112 KiB in
 * fp16; for 4B (36 layers) 144 KiB. Twice that in fp32.
 */
import type { KvCacheDtype, ModelArchitecture, ModelDtype, ModelInfo } from './types.js';

/**
 * The KV-cache element type a dtype's graph uses. The onnx-community exports
 * run fp16 activations (and so an fp16 cache) in `fp16` and `q4f16`, and fp32
 * everywhere else; a config's `kv_cache_dtype` overrides that.
 */
export function kvCacheDtype(model: Pick<ModelInfo, 'kvCacheDtypes'>, dtype: ModelDtype): KvCacheDtype {
  return model.kvCacheDtypes[dtype] ?? (dtype === 'fp16' || dtype === 'q4f16' ? 'float16' : 'float32');
}

/** Bytes one token adds to the KV cache. */
export function kvBytesPerToken(arch: ModelArchitecture, cacheDtype: KvCacheDtype): number {
  const elements = 2 * arch.numLayers * arch.numKvHeads * arch.headDim;
  return elements * (cacheDtype === 'float16' ? 2 : 4);
}

/** Bytes one token adds to the KV cache of `model` loaded as `dtype`. */
export function modelKvBytesPerToken(model: Pick<ModelInfo, 'architecture' | 'kvCacheDtypes'>, dtype: ModelDtype): number {
  return kvBytesPerToken(model.architecture, kvCacheDtype(model, dtype));
}
