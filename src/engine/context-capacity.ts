/**
 * How many tokens of context the loaded model can really hold on this device
 * and dtype — not the 40,960 positions its config allows. The KV cache grows
 * by a fixed number of bytes per token, and it must fit beside the weights:
 *
 * - **WASM**: everything lives in one 4 GiB heap. During a step the past
 *   cache is copied in and the present one (past + new) written out, so the
 *   cache counts twice; a prefill chunk adds its logits and attention scores.
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
    const chunkLogits = chunk * arch.vocabSize * 4;
    const free = WASM_HEAP_BYTES - input.weightsBytes - chunkLogits - WASM_RESERVE_BYTES;
    tokens = free / (2 * kvPerToken + scoresPerToken);
  } else {
    const maxBuffer = input.maxBufferSize ?? 256 * 1024 ** 2;
    const layerTensorPerToken = arch.numKvHeads * arch.headDim * kvElementBytes;
    tokens = Math.min(maxBuffer / layerTensorPerToken, maxBuffer / scoresPerToken);
  }
  return Math.max(0, Math.min(maxPositions, Math.floor(tokens)));
}
