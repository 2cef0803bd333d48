/**
 * A documented estimate of how fast a model decodes on this browser, in
 * tokens per second, from the model's size, the device, the WASM thread count
 * and the WebGPU adapter's vendor. No measurement: it must work before any
 * download, and it is what `recommendModel()` and the chat's default thinking
 * budget start from.
 *
 * Decoding one token multiplies by every MatMul weight once (the LM head
 * included), and little else, so a step costs about `work per token /
 * throughput` plus a fixed cost (the JavaScript sampler over 151,936 logits,
 * kernel dispatch). On a GPU the work is the bytes read; on WASM it is the
 * parameters, at a rate that depends on the dtype's kernel. The throughputs
 * are deliberately plain figures, checked against what was measured here: the
 * tiny test model decodes at 40–100 tokens/s on one WASM thread of a 2-core
 * machine (estimate: 80), the 0.6B shape at 9.4 tokens/s in q8 and 1.0 in q4
 * (estimates: 6.3 and 0.8). An estimate is not a promise; it is meant to tell
 * 3 tokens/s from 30, not 25 from 30.
 */
import { embeddingParameters, matmulParameters } from '../registry/weight-bytes.js';
import type { ModelDtype, ModelInfo } from '../registry/types.js';
import { isSoftwareAdapter } from './choose-device.js';
import type { Capabilities } from './types.js';

/**
 * MatMul parameters one WASM thread multiplies per second, by kernel. On the
 * CPU the cost follows the parameter count more than the bytes: measured at
 * Qwen3-0.6B's shape on one thread of this project's 2-core machine
 * (BENCHMARKS.md, "Full size"; issue 17), fp32 `MatMul`, fp16 `MatMul` and
 * q8's `MatMulInteger` (SIMD kernels) reach 3.5–5.5 G parameters/s, int8's
 * signed `MatMulInteger` about 15 % more than q8's, while q4's
 * `MatMulNBits`, which expands the 4-bit weights to fp32 on every call,
 * reaches 0.6 G. The figures here are a little under those, for laptop cores.
 */
export const WASM_PARAMETERS_PER_SECOND_PER_THREAD: Readonly<Record<ModelDtype, number>> = {
  fp32: 4e9,
  q8: 4e9,
  int8: 4.5e9,
  uint8: 4e9,
  fp16: 3.5e9,
  q4: 0.5e9,
  q4f16: 0.5e9,
  bnb4: 0.5e9,
};

/** Threads do not scale linearly (memory bandwidth, synchronisation): `threads ** 0.8`. */
export const WASM_THREAD_SCALING = 0.8;

/**
 * The fixed cost of one WASM decoding step, in milliseconds: the sampler over
 * 151,936 logits, the runtime's per-op overhead, the cache's copies. It is
 * most of the tiny test model's step (40–100 tokens/s measured).
 */
export const WASM_STEP_MS = 10;

/**
 * Weight bytes a WebGPU adapter streams per second, by vendor: a share of the
 * memory bandwidth WebGPU kernels reach in practice. Discrete GPUs (NVIDIA,
 * AMD) highest, Apple's unified memory next, integrated Intel and mobile
 * GPUs lowest. An unknown or hidden vendor counts as an integrated GPU.
 */
export const WEBGPU_BYTES_PER_SECOND: Readonly<Record<string, number>> = {
  nvidia: 150e9,
  amd: 100e9,
  apple: 80e9,
  intel: 25e9,
  qualcomm: 15e9,
  arm: 15e9,
  default: 25e9,
};

/** A software adapter (SwiftShader, llvmpipe) runs WebGPU on the CPU. */
export const SOFTWARE_WEBGPU_BYTES_PER_SECOND = 0.05e9;

/** The fixed cost of one WebGPU decoding step (many small kernel dispatches), in milliseconds. */
export const WEBGPU_STEP_MS = 15;

/** What {@link estimateDecodeSpeed} returns. */
export interface SpeedEstimate {
  /** Estimated decode speed, tokens per second. */
  tokensPerSecond: number;
  /** Weight bytes read per generated token. */
  bytesPerToken: number;
  /** How the figure was reached, as a phrase, e.g. `1 WASM thread at 2 GB/s`. */
  basis: string;
}

/**
 * Bytes per MatMul weight, by dtype, as the onnx-community exports store
 * them (`weight-bytes.ts` explains the 4-bit layouts: 4 bits plus a scale and
 * a zero point per block of 32; bnb4 an absmax per 64).
 */
const MATMUL_BYTES_PER_PARAMETER: Readonly<Record<ModelDtype, number>> = {
  fp32: 4,
  fp16: 2,
  q8: 1,
  int8: 1,
  uint8: 1,
  q4: 0.5 + 4 / 32 + 0.5 / 32,
  q4f16: 0.5 + 2 / 32 + 0.5 / 32,
  bnb4: 0.5 + 4 / 64,
};

/**
 * Weight bytes read to generate one token: the MatMul weights of every layer
 * plus the LM head (a tied model multiplies by the embedding table, stored
 * like the MatMul weights in the 4-bit exports). The embedding lookup reads
 * one row: nothing to speak of.
 */
export function decodeBytesPerToken(model: Pick<ModelInfo, 'architecture'>, dtype: ModelDtype): number {
  const arch = model.architecture;
  const head = arch.tiedEmbeddings ? embeddingParameters(arch) : 0;
  return (matmulParameters(arch) + head) * MATMUL_BYTES_PER_PARAMETER[dtype];
}

/**
 * Estimated decode speed of `model` as `dtype` on `device`.
 *
 * @example
 * ```ts
 * import { detectCapabilities, estimateDecodeSpeed, findModel } from 'qwen3-web';
 * const caps = await detectCapabilities();
 * const speed = estimateDecodeSpeed(findModel('onnx-community/Qwen3-0.6B-ONNX')!, 'q4', 'wasm', caps);
 * console.log(Math.round(speed.tokensPerSecond), 'tokens/s', speed.basis);
 * ```
 */
export function estimateDecodeSpeed(
  model: Pick<ModelInfo, 'architecture'>,
  dtype: ModelDtype,
  device: 'webgpu' | 'wasm',
  caps: Pick<Capabilities, 'wasmThreads' | 'webgpu'>,
): SpeedEstimate {
  const bytesPerToken = decodeBytesPerToken(model, dtype);
  if (device === 'wasm') {
    const threads = Math.max(1, caps.wasmThreads);
    const parametersPerSecond = WASM_PARAMETERS_PER_SECOND_PER_THREAD[dtype] * threads ** WASM_THREAD_SCALING;
    const parameters = bytesPerToken / MATMUL_BYTES_PER_PARAMETER[dtype];
    return {
      tokensPerSecond: 1 / (parameters / parametersPerSecond + WASM_STEP_MS / 1000),
      bytesPerToken,
      basis: `${threads} WASM thread${threads === 1 ? '' : 's'}, ${formatGiga(parametersPerSecond)} parameters/s in ${dtype}`,
    };
  }
  const gpu = caps.webgpu;
  const software = gpu !== null && isSoftwareAdapter(gpu);
  const vendor = gpu?.vendor.toLowerCase() ?? '';
  const bytesPerSecond = software ? SOFTWARE_WEBGPU_BYTES_PER_SECOND : (WEBGPU_BYTES_PER_SECOND[vendor] ?? WEBGPU_BYTES_PER_SECOND['default']!);
  const adapter = software ? 'a software WebGPU adapter' : `a WebGPU adapter${vendor ? ` (${vendor})` : ''}`;
  return {
    tokensPerSecond: 1 / (bytesPerToken / bytesPerSecond + WEBGPU_STEP_MS / 1000),
    bytesPerToken,
    basis: `${adapter}, ${formatGiga(bytesPerSecond)}B/s of weights`,
  };
}

/** 4e9 → `4 G`, 0.05e9 → `0.1 G`. */
function formatGiga(perSecond: number): string {
  const giga = perSecond / 1e9;
  return `${giga >= 10 ? Math.round(giga) : Math.round(giga * 10) / 10} G`;
}
