/**
 * Whether a model in a dtype fits this browser. Each check returns why not,
 * as a phrase for an error message, or `undefined` when it fits.
 */
import { embeddingBytes } from '../registry/weight-bytes.js';
import { estimateMemory } from '../registry/memory.js';
import type { ModelDtype, ModelInfo } from '../registry/types.js';
import { formatBytes } from './format-bytes.js';
import type { StorageCapabilities, WebGpuCapabilities } from './types.js';

/** wasm32 addresses at most 4 GiB: the whole WASM heap, weights and KV cache included. */
export const WASM32_MEMORY_BYTES = 4 * 2 ** 30;

/**
 * Share of `navigator.deviceMemory` one model may take. Half: the browser,
 * the page and the OS need the rest, and the reported figure is coarse.
 */
export const DEVICE_MEMORY_SHARE = 0.5;

/** Weights + KV cache against the 4 GiB wasm32 heap. A floor: loading briefly needs more. */
export function wasmMemoryProblem(model: ModelInfo, dtype: ModelDtype, contextTokens: number): string | undefined {
  const memory = estimateMemory(model, dtype, contextTokens);
  if (memory.totalBytes <= WASM32_MEMORY_BYTES) return undefined;
  return (
    `${model.label} as ${dtype} needs about ${formatBytes(memory.totalBytes)} (${formatBytes(memory.weightsBytes)} of weights + ` +
    `${formatBytes(memory.kvCacheBytes)} of KV cache for ${memory.contextTokens} tokens), more than the 4 GiB a WASM heap can address`
  );
}

/**
 * The largest weight tensor (the embedding table) against the GPU's buffer
 * limits: onnxruntime-web asks its device for the adapter's
 * `maxBufferSize` and `maxStorageBufferBindingSize`, and a tensor bound to a
 * shader must fit both.
 */
export function gpuBufferProblem(model: ModelInfo, dtype: ModelDtype, gpu: WebGpuCapabilities): string | undefined {
  const limit = Math.min(gpu.maxBufferSize, gpu.maxStorageBufferBindingSize);
  const largest = embeddingBytes(model.architecture, dtype);
  if (largest <= limit) return undefined;
  return `its ${dtype} embedding table (${formatBytes(largest)}) is larger than this GPU's largest buffer (${formatBytes(limit)})`;
}

/** The download against the origin's free storage (quota − usage), when known. */
export function storageProblem(
  model: ModelInfo,
  dtype: ModelDtype,
  storage: StorageCapabilities | undefined,
): string | undefined {
  if (!storage) return undefined;
  const free = Math.max(0, storage.quotaBytes - storage.usageBytes);
  const needed = estimateMemory(model, dtype, 0).weightsBytes;
  if (needed <= free) return undefined;
  return `${model.label} as ${dtype} downloads ${formatBytes(needed)} but this site may store only ${formatBytes(free)} more`;
}

/** Weights + KV cache against a share of `navigator.deviceMemory`, when known. */
export function deviceMemoryProblem(
  model: ModelInfo,
  dtype: ModelDtype,
  contextTokens: number,
  deviceMemoryGiB: number | undefined,
): string | undefined {
  if (deviceMemoryGiB === undefined) return undefined;
  const budget = deviceMemoryGiB * 2 ** 30 * DEVICE_MEMORY_SHARE;
  const memory = estimateMemory(model, dtype, contextTokens);
  if (memory.totalBytes <= budget) return undefined;
  return `${model.label} as ${dtype} needs about ${formatBytes(memory.totalBytes)}, more than half of this device's ${deviceMemoryGiB} GiB of memory`;
}
