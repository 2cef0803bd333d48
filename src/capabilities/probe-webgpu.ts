/**
 * Asks WebGPU for an adapter and reads what matters to a model: its identity,
 * `shader-f16`, and the buffer limits onnxruntime-web requests on its device.
 * The WebGPU types are declared here, narrowly, so the SDK needs no
 * `@webgpu/types`.
 */
import type { WebGpuCapabilities } from './types.js';

/** The parts of `GPUAdapterInfo` read here. */
interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

/** The parts of `GPUAdapter` read here. */
interface AdapterLike {
  features: { has(name: string): boolean; forEach(callback: (name: string) => void): void };
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
  info?: AdapterInfoLike;
  /** Chromium before 131 exposed the info through this method instead of `info`. */
  requestAdapterInfo?: () => Promise<AdapterInfoLike>;
  /** Older spelling, on the adapter itself. */
  isFallbackAdapter?: boolean;
}

/** The parts of `GPU` (`navigator.gpu`) used here. */
export interface GpuLike {
  requestAdapter(options?: Record<string, unknown>): Promise<unknown>;
}

/** The adapter's capabilities, or `null` when there is none or asking failed. */
export async function probeWebGpu(gpu: GpuLike): Promise<WebGpuCapabilities | null> {
  let adapter: AdapterLike | null;
  try {
    adapter = (await gpu.requestAdapter()) as AdapterLike | null;
  } catch {
    return null;
  }
  if (!adapter) return null;
  const info: AdapterInfoLike = adapter.info ?? (await adapter.requestAdapterInfo?.().catch(() => undefined)) ?? {};
  const features: string[] = [];
  adapter.features.forEach((name) => features.push(name));
  features.sort();
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
    features,
    shaderF16: adapter.features.has('shader-f16'),
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
  };
}
