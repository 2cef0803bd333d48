/**
 * The dtypes `auto` tries, best first, per device.
 *
 * - WebGPU with `shader-f16`: q4f16 (4-bit weights, fp16 activations and KV
 *   cache: the smallest download and the fastest decode), then q4, fp16, fp32.
 * - WebGPU without it: fp16 math is unavailable, so q4 (4-bit weights, fp32
 *   activations), then fp32.
 * - WASM: q4. onnxruntime-web's CPU backend has SIMD kernels for 4-bit
 *   `MatMulNBits`; decoding one token streams every weight once, so 4-bit
 *   weights move half the bytes of q8; and its activations are fp32, which
 *   WASM SIMD computes natively (there is no fp16 arithmetic on the CPU
 *   path, so q4f16/fp16 there only add conversions). Then q8, then fp32.
 */
import type { ModelDtype } from '../registry/types.js';

/** The dtypes that compute in fp16 on WebGPU and so need `shader-f16`. */
export function needsShaderF16(dtype: ModelDtype): boolean {
  return dtype === 'fp16' || dtype === 'q4f16';
}

/** `auto`'s candidates for a device, best first. */
export function dtypePreference(device: 'webgpu' | 'wasm', shaderF16: boolean): readonly ModelDtype[] {
  if (device === 'wasm') return ['q4', 'q8', 'fp32'];
  return shaderF16 ? ['q4f16', 'q4', 'fp16', 'fp32'] : ['q4', 'fp32'];
}
