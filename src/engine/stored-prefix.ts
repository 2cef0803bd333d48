/**
 * Between a conversation's KV cache and its stored form (store/prefix-store.ts):
 * the tensors as bytes to store (read back from the GPU where they live
 * there, laid out as their dims say where they are held in place), a cache rebuilt from stored bytes, and which stored prefix a
 * prompt starts with.
 */
import { DynamicCache, Tensor } from '@huggingface/transformers';
import { commonPrefixLength } from '../core/common-prefix.js';
import type { PrefixRecord, TensorBytes } from '../store/prefix-store.js';
import { ortTensorOf, type ConversationCache } from './kv-cache.js';
import { isKvView, kvViewData } from './kv-in-place/kv-buffer.js';

/**
 * The cache's tensors as bytes, each in a buffer of its own (a view on a
 * larger buffer would store all of it: IndexedDB clones whole buffers).
 */
export async function cacheTensorBytes(cache: ConversationCache): Promise<TensorBytes[]> {
  const tensors: TensorBytes[] = [];
  for (const [name, tensor] of Object.entries(cache.pastKeyValues as unknown as Record<string, Tensor>)) {
    const ort = ortTensorOf(tensor);
    const data = isKvView(ort)
      ? kvViewData(ort)
      : tensor.location === 'gpu-buffer'
        ? await (ort as unknown as { getData(): Promise<ArrayBufferView> }).getData()
        : (tensor.data as ArrayBufferView);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    tensors.push({ name, type: tensor.type as TensorBytes['type'], dims: [...tensor.dims], data: own });
  }
  return tensors;
}

/** float16 storage as transformers.js makes it: `Float16Array` where the runtime has it, else the raw bits. */
const HalfArray: Uint16ArrayConstructor = (globalThis as unknown as { Float16Array?: Uint16ArrayConstructor }).Float16Array ?? Uint16Array;

/** A conversation cache holding `tokens`, from stored tensors (on the CPU; a WebGPU run uploads them). */
export function cacheFromTensorBytes(tokens: readonly number[], tensors: readonly TensorBytes[]): ConversationCache {
  const entries: Record<string, Tensor> = {};
  for (const { name, type, dims, data } of tensors) {
    // Aligned: each stored tensor comes back in a buffer of its own.
    const typed = type === 'float32' ? new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4) : new HalfArray(data.buffer, data.byteOffset, data.byteLength / 2);
    entries[name] = new Tensor(type, typed, dims);
  }
  return { tokens: [...tokens], pastKeyValues: new DynamicCache(entries) };
}

/**
 * The longest stored prefix that `prompt` starts with and that covers more of
 * it than `inMemory` does (at least one prompt token must be left to run),
 * or `undefined`. `prefixes` come longest first.
 */
export function bestStoredPrefix(prefixes: readonly PrefixRecord[], prompt: readonly number[], inMemory: readonly number[] | undefined): PrefixRecord | undefined {
  const covered = inMemory ? Math.min(commonPrefixLength(inMemory, prompt), prompt.length - 1) : 0;
  return prefixes.find(
    (prefix) => prefix.tokens.length > covered && prefix.tokens.length < prompt.length && commonPrefixLength(prefix.tokens, prompt) === prefix.tokens.length,
  );
}
