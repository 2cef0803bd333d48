/**
 * `detectCapabilities()`: one look at what the browser offers, in a page or a
 * worker (both expose `navigator.gpu`, `navigator.storage`,
 * `navigator.deviceMemory` in Chromium, and `crossOriginIsolated`).
 */
import { probeWebGpu, type GpuLike } from './probe-webgpu.js';
import type { Capabilities, StorageCapabilities } from './types.js';
import { wasmThreadCount } from './wasm-threads.js';

/** The parts of `navigator` read here. */
export interface NavigatorLike {
  gpu?: GpuLike;
  hardwareConcurrency?: number;
  deviceMemory?: number;
  storage?: { estimate(): Promise<{ quota?: number; usage?: number }> };
}

/** Where detection looks: `globalThis` by default; tests pass a fake. */
export interface CapabilityScope {
  navigator?: NavigatorLike;
  crossOriginIsolated?: boolean;
}

async function estimateStorage(navigator: NavigatorLike | undefined): Promise<StorageCapabilities | undefined> {
  if (!navigator?.storage?.estimate) return undefined;
  try {
    const { quota, usage } = await navigator.storage.estimate();
    if (typeof quota !== 'number') return undefined;
    return { quotaBytes: quota, usageBytes: typeof usage === 'number' ? usage : 0 };
  } catch {
    // Opaque origins and some privacy modes refuse the estimate.
    return undefined;
  }
}

/**
 * What this browser can do for a model: WebGPU adapter and limits, WASM
 * threads, memory, storage. Never throws; missing APIs read as absent.
 *
 * @example
 * ```ts
 * import { createQwen3Client, detectCapabilities, recommendModel } from 'qwen3-web';
 * const caps = await detectCapabilities();
 * const { model, device, dtype } = recommendModel(caps);
 * await createQwen3Client().load({ model: model.id, device, dtype });
 * ```
 */
export async function detectCapabilities(scope: CapabilityScope = globalThis as CapabilityScope): Promise<Capabilities> {
  const navigator = scope.navigator;
  const crossOriginIsolated = scope.crossOriginIsolated === true;
  const hardwareConcurrency = typeof navigator?.hardwareConcurrency === 'number' ? navigator.hardwareConcurrency : undefined;
  const [webgpu, storage] = await Promise.all([navigator?.gpu ? probeWebGpu(navigator.gpu) : null, estimateStorage(navigator)]);
  return {
    webgpuApi: navigator?.gpu !== undefined,
    webgpu,
    crossOriginIsolated,
    hardwareConcurrency,
    wasmThreads: wasmThreadCount(hardwareConcurrency, crossOriginIsolated),
    deviceMemoryGiB: typeof navigator?.deviceMemory === 'number' ? navigator.deviceMemory : undefined,
    storage,
  };
}
