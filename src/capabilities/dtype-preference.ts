/**
 * The dtypes `auto` tries, best first, per device.
 *
 * - WebGPU with `shader-f16`: q4f16 (4-bit weights, fp16 activations and KV
 *   cache: the smallest download and the fastest decode), then q4, fp16, fp32.
 * - WebGPU without it: fp16 math is unavailable, so q4 (4-bit weights, fp32
 *   activations), then fp32.
 * - WASM: int8, q8 (and uint8, the same bytes), fp16, fp32, then q4, by
 *   measurement (BENCHMARKS.md, "Full size": every format at Qwen3-0.6B's
 *   shape, one thread of a 2-core machine). onnxruntime-web's WASM
 *   `MatMulInteger` (`DynamicQuantizeLinear` + 8-bit weights) has a SIMD
 *   kernel: int8's signed weights decoded at 6.5 tokens/s with a ~1,000-token
 *   prompt's first token after 25 s, q8's unsigned ones at 5.6 and 28 s. fp16
 *   decodes as fast (5.5) but downloads twice the bytes and prefills at half
 *   the speed (48 s: its attention keeps the kernel the engine rewrites for
 *   float32); fp32 decodes at 4.8 but fills the 4 GiB heap, so a ~2,000-token
 *   prompt ran out of memory. q4's `MatMulNBits` expands the 4-bit weights to
 *   fp32 on every call: 0.2–1 tokens/s, 307 s to a first token, so it comes
 *   last although it is the smallest download. transformers.js itself
 *   defaults to q8 on WASM.
 */
import type { ModelDtype } from '../registry/types.js';

/** The dtypes that compute in fp16 on WebGPU and so need `shader-f16`. */
export function needsShaderF16(dtype: ModelDtype): boolean {
  return dtype === 'fp16' || dtype === 'q4f16';
}

/** `auto`'s candidates for a device, best first. */
export function dtypePreference(device: 'webgpu' | 'wasm', shaderF16: boolean): readonly ModelDtype[] {
  if (device === 'wasm') return ['int8', 'q8', 'uint8', 'fp16', 'fp32', 'q4'];
  return shaderF16 ? ['q4f16', 'q4', 'fp16', 'fp32'] : ['q4', 'fp32'];
}
