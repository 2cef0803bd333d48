/**
 * Chooses device and dtype before anything is downloaded, and refuses
 * combinations that cannot work with a message that says what would.
 */
import { Qwen3Error } from '../errors.js';
import type { Device, Dtype } from '../types.js';

/** What the browser's WebGPU can do. */
export interface GpuSupport {
  available: boolean;
  shaderF16: boolean;
}

/** Asks the browser for a WebGPU adapter. */
export async function probeWebGpu(): Promise<GpuSupport> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return { available: false, shaderF16: false };
  try {
    const adapter = (await gpu.requestAdapter()) as { features: ReadonlySet<string> } | null;
    if (!adapter) return { available: false, shaderF16: false };
    return { available: true, shaderF16: adapter.features.has('shader-f16') };
  } catch {
    return { available: false, shaderF16: false };
  }
}

/** Resolves `auto` and checks an explicit WebGPU request. */
export function resolveDevice(requested: Device, gpu: GpuSupport): 'webgpu' | 'wasm' {
  if (requested === 'wasm') return 'wasm';
  if (gpu.available) return 'webgpu';
  if (requested === 'webgpu') {
    throw new Qwen3Error(
      'WEBGPU_UNAVAILABLE',
      'WebGPU is not available in this browser (no adapter). Load with device: "wasm" or "auto" to run on the CPU instead.',
    );
  }
  return 'wasm';
}

/**
 * Resolves `auto`: the dtype the model's own config declares, else q4f16 on
 * WebGPU with shader-f16, q4 on WebGPU without it, and q4 on WASM (4-bit
 * MatMulNBits kernels are the fastest CPU path in onnxruntime-web).
 */
export function resolveDtype(
  requested: Dtype,
  device: 'webgpu' | 'wasm',
  gpu: GpuSupport,
  declared: string | undefined,
): Exclude<Dtype, 'auto'> {
  const needsF16 = requested === 'fp16' || requested === 'q4f16';
  if (needsF16 && device === 'webgpu' && !gpu.shaderF16) {
    throw new Qwen3Error(
      'UNSUPPORTED',
      `dtype "${requested}" needs the WebGPU feature shader-f16, which this GPU lacks. Use dtype "q4" or "fp32" (or "auto").`,
    );
  }
  if (requested !== 'auto') return requested;
  if (declared) return declared as Exclude<Dtype, 'auto'>;
  if (device === 'webgpu') return gpu.shaderF16 ? 'q4f16' : 'q4';
  return 'q4';
}
