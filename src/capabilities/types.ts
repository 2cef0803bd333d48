/**
 * What this browser (page or worker) can do for a model. Plain data, so it
 * can cross `postMessage`, be logged, or be written by hand in a test.
 */

/** The WebGPU adapter the browser offers. */
export interface WebGpuCapabilities {
  /** `GPUAdapterInfo.vendor`, e.g. `nvidia`, `apple`, `google`; `''` when hidden. */
  vendor: string;
  /** e.g. `ampere`, `metal-3`, `swiftshader`; `''` when hidden. */
  architecture: string;
  device: string;
  description: string;
  /** True for a software or otherwise degraded adapter (`GPUAdapterInfo.isFallbackAdapter`). */
  isFallbackAdapter: boolean;
  /** Every adapter feature, sorted. */
  features: string[];
  /** The `shader-f16` feature: needed for the fp16 and q4f16 dtypes. */
  shaderF16: boolean;
  /** Largest GPU buffer, bytes. */
  maxBufferSize: number;
  /** Largest buffer one shader binding may see, bytes: every weight tensor must fit. */
  maxStorageBufferBindingSize: number;
}

/** `navigator.storage.estimate()`, in bytes. */
export interface StorageCapabilities {
  quotaBytes: number;
  usageBytes: number;
}

/** The result of `detectCapabilities()`. */
export interface Capabilities {
  /** `navigator.gpu` exists: the browser has WebGPU and this is a secure context. */
  webgpuApi: boolean;
  /** The adapter `requestAdapter()` gave, or `null` (no API, no adapter, or it failed). */
  webgpu: WebGpuCapabilities | null;
  /** COOP + COEP are in force: `SharedArrayBuffer`, and so WASM threads, are available. */
  crossOriginIsolated: boolean;
  /** `navigator.hardwareConcurrency`; `undefined` when not exposed. */
  hardwareConcurrency: number | undefined;
  /** Threads onnxruntime-web's WASM backend will use by default. */
  wasmThreads: number;
  /** `navigator.deviceMemory` in GiB (Chromium only; coarsened to a power of two and capped, for privacy: a lower bound). */
  deviceMemoryGiB: number | undefined;
  /** Storage quota and usage for this origin; `undefined` when the API is missing or refused. */
  storage: StorageCapabilities | undefined;
}
