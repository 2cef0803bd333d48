/**
 * The dtypes `auto` tries, best first, per device.
 *
 * - WebGPU with `shader-f16`: q4f16 (4-bit weights, fp16 activations and KV
 *   cache: the smallest download and the fastest decode), then q4, fp16, fp32.
 * - WebGPU without it: fp16 math is unavailable, so q4 (4-bit weights, fp32
 *   activations), then fp32.
 * - WASM: q8, then q4, then fp32, by measurement (BENCHMARKS.md, "Full
 *   size"): at Qwen3-0.6B's shape, onnxruntime-web's WASM `MatMulInteger`
 *   (q8: `DynamicQuantizeLinear` + 8-bit weights) has a SIMD kernel and
 *   decodes about 9× faster than its `MatMulNBits` (q4), which expands the
 *   4-bit weights to fp32 on every call; fp32 decodes about as fast as q8
 *   but downloads four times the bytes and fills most of the 4 GiB heap, so
 *   it comes last (the memory check refuses it where it does not fit).
 *   There is no fp16 arithmetic on the CPU path: q4f16/fp16 only add
 *   conversions there. transformers.js itself defaults to q8 on WASM.
 */
import type { ModelDtype } from '../registry/types.js';

/** The dtypes that compute in fp16 on WebGPU and so need `shader-f16`. */
export function needsShaderF16(dtype: ModelDtype): boolean {
  return dtype === 'fp16' || dtype === 'q4f16';
}

/** `auto`'s candidates for a device, best first. */
export function dtypePreference(device: 'webgpu' | 'wasm', shaderF16: boolean): readonly ModelDtype[] {
  if (device === 'wasm') return ['q8', 'q4', 'fp32'];
  return shaderF16 ? ['q4f16', 'q4', 'fp16', 'fp32'] : ['q4', 'fp32'];
}
