/**
 * Download sizes from the parameter count, for dtypes nobody published a
 * figure for and for a user's own export. The rule mirrors how the
 * onnx-community exports quantize: the 4-bit formats quantize only the
 * MatMul weights (`MatMulNBits`, blocks of 32 with a scale and a 4-bit zero
 * point each) and keep the embedding table in float; 8-bit formats quantize
 * the embedding too. Checked against the published figures: 0.6B q4f16 566 MB
 * (published ≈ 570), q4 905 MB (≈ 919); 1.7B q4f16 1.44 GB (≈ 1.4); 4B q4f16
 * 2.88 GB (≈ 2.8). Within 3%.
 */
import type { ModelArchitecture, ModelDtype, ModelInfo } from './types.js';

/** Parameters of the embedding table (vocab × hidden). */
export function embeddingParameters(arch: ModelArchitecture): number {
  return arch.vocabSize * arch.hiddenSize;
}

/** Parameters of the MatMul weights: attention and MLP of every layer, plus an untied LM head. */
export function matmulParameters(arch: ModelArchitecture): number {
  const attention = 2 * arch.hiddenSize * arch.numHeads * arch.headDim + 2 * arch.hiddenSize * arch.numKvHeads * arch.headDim;
  const mlp = 3 * arch.hiddenSize * arch.intermediateSize;
  const head = arch.tiedEmbeddings ? 0 : embeddingParameters(arch);
  return arch.numLayers * (attention + mlp) + head;
}

/** All weight parameters (norms are negligible and left out). */
export function parameterCount(arch: ModelArchitecture): number {
  return embeddingParameters(arch) + matmulParameters(arch);
}

/** Bytes per embedding element and per MatMul weight, by dtype. */
const BYTES_PER_PARAMETER: Readonly<Record<ModelDtype, { embedding: number; matmul: number }>> = {
  fp32: { embedding: 4, matmul: 4 },
  fp16: { embedding: 2, matmul: 2 },
  q8: { embedding: 1, matmul: 1 },
  int8: { embedding: 1, matmul: 1 },
  uint8: { embedding: 1, matmul: 1 },
  // 4 bits + a 32-bit scale and a 4-bit zero point per block of 32.
  q4: { embedding: 4, matmul: 0.5 + 4 / 32 + 0.5 / 32 },
  // Same with 16-bit scales; the embedding is fp16.
  q4f16: { embedding: 2, matmul: 0.5 + 2 / 32 + 0.5 / 32 },
  // 4 bits + a 32-bit absmax per block of 64.
  bnb4: { embedding: 4, matmul: 0.5 + 4 / 64 },
};

/** Estimated bytes of a dtype's ONNX files, rounded to a megabyte. */
export function estimateWeightBytes(arch: ModelArchitecture, dtype: ModelDtype): number {
  const rate = BYTES_PER_PARAMETER[dtype];
  const bytes = embeddingParameters(arch) * rate.embedding + matmulParameters(arch) * rate.matmul;
  return Math.round(bytes / 1e6) * 1e6;
}

/** Bytes of the embedding table, the largest single tensor of a small Qwen3 (it must fit one GPU buffer). */
export function embeddingBytes(arch: ModelArchitecture, dtype: ModelDtype): number {
  return embeddingParameters(arch) * BYTES_PER_PARAMETER[dtype].embedding;
}

/** The download size of a dtype: the known figure, else the estimate. */
export function weightBytes(model: Pick<ModelInfo, 'architecture' | 'sizes'>, dtype: ModelDtype): number {
  return model.sizes[dtype]?.bytes ?? estimateWeightBytes(model.architecture, dtype);
}
