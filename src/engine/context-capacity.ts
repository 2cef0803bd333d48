/**
 * How many tokens of context the loaded model can really hold on this device
 * and dtype — not the 40,960 positions its config allows. The KV cache grows
 * by a fixed number of bytes per token, and it must fit beside the weights:
 *
 * - **WASM**: everything lives in one 4 GiB heap. During a step the past
 *   cache is copied in and the present one (past + new) written out, so the
 *   cache counts twice; a prefill chunk adds its attention scores (three
 *   score-sized tensors: the product, the masked scores, the softmax). The
 *   weights take more than their file: some are kept a second time, packed
 *   for the kernels. Calibrated by measurement at Qwen3-0.6B's shape in
 *   onnxruntime-web's WASM build, 256-token chunks on the engine's graph: int8
 *   (0.62 GB of files) ran out of memory at 6,656 tokens of context and fp32
 *   (2.4 GB) at 1,792, which `WASM_WEIGHTS_FACTOR` and the per-token cost
 *   reproduce; `WASM_RESERVE_BYTES` keeps about 700 tokens below either.
 * - **WebGPU**: each layer's key and value tensors are single buffers, capped
 *   by `maxBufferSize`, as is a prefill chunk's attention-score buffer. (The
 *   GPU's total memory is not exposed to pages.)
 *
 * `CONTEXT_OVERFLOW` is raised against this figure, before memory runs out.
 */
import type { ModelArchitecture } from '../registry/types.js';
import { PREFILL_CHUNK_TOKENS } from './prefill.js';

/** The WASM heap of onnxruntime-web (a 32-bit address space). */
export const WASM_HEAP_BYTES = 4 * 1024 ** 3;

/** Left free on WASM for activations, the runtime and fragmentation. */
export const WASM_RESERVE_BYTES = 384 * 1024 ** 2;

/** Heap bytes per byte of weight files on WASM (measured: see above). */
export const WASM_WEIGHTS_FACTOR = 1.4;

/** Score-sized tensors a prefill chunk's attention holds at once. */
const SCORE_TENSORS = 3;

/** What decides the capacity. */
export interface CapacityInput {
  device: 'wasm' | 'webgpu';
  architecture: Pick<ModelArchitecture, 'numLayers' | 'numHeads' | 'numKvHeads' | 'headDim' | 'vocabSize'>;
  /** 2 for a float16 KV cache, 4 for float32. */
  kvElementBytes: number;
  /** Bytes of the model's ONNX files (weights). */
  weightsBytes: number;
  /** The positions the model's config allows (`max_position_embeddings`). */
  maxPositions: number;
  /** WebGPU's `maxBufferSize` (WebGPU only). */
  maxBufferSize?: number;
}

/** The context, in tokens, that the model can hold; never more than `maxPositions`. */
export function contextCapacity(input: CapacityInput): number {
  const { architecture: arch, kvElementBytes, maxPositions } = input;
  const chunk = PREFILL_CHUNK_TOKENS;
  // Attention scores of a prefill chunk, fp32: heads × chunk × context.
  const scoresPerToken = arch.numHeads * chunk * 4;
  let tokens: number;
  if (input.device === 'wasm') {
    const kvPerToken = 2 * arch.numLayers * arch.numKvHeads * arch.headDim * kvElementBytes;
    // No chunk logits: graphs without num_logits_to_keep are sliced before the lm_head as they load.
    const free = WASM_HEAP_BYTES - WASM_WEIGHTS_FACTOR * input.weightsBytes - WASM_RESERVE_BYTES;
    tokens = free / (2 * kvPerToken + SCORE_TENSORS * scoresPerToken);
  } else {
    const maxBuffer = input.maxBufferSize ?? 256 * 1024 ** 2;
    const layerTensorPerToken = arch.numKvHeads * arch.headDim * kvElementBytes;
    tokens = Math.min(maxBuffer / layerTensorPerToken, maxBuffer / scoresPerToken);
  }
  return Math.max(0, Math.min(maxPositions, Math.floor(tokens)));
}
