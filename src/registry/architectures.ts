/**
 * The shapes of the Qwen3 sizes this SDK runs (Qwen3 technical report, the
 * models' config.json). All share the 151,936-token vocabulary and tie the LM
 * head to the embedding.
 */
import type { ModelArchitecture } from './types.js';

const QWEN3_VOCAB = 151_936;

/** Qwen3-0.6B: 28 layers, 16 query / 8 KV heads of 128. */
export const QWEN3_0_6B: Readonly<ModelArchitecture> = Object.freeze({
  hiddenSize: 1024,
  numLayers: 28,
  numHeads: 16,
  numKvHeads: 8,
  headDim: 128,
  intermediateSize: 3072,
  vocabSize: QWEN3_VOCAB,
  tiedEmbeddings: true,
});

/** Qwen3-1.7B: 28 layers, 16 query / 8 KV heads of 128. */
export const QWEN3_1_7B: Readonly<ModelArchitecture> = Object.freeze({
  hiddenSize: 2048,
  numLayers: 28,
  numHeads: 16,
  numKvHeads: 8,
  headDim: 128,
  intermediateSize: 6144,
  vocabSize: QWEN3_VOCAB,
  tiedEmbeddings: true,
});

/** Qwen3-4B (and its 2507 Instruct/Thinking updates): 36 layers, 32 query / 8 KV heads of 128. */
export const QWEN3_4B: Readonly<ModelArchitecture> = Object.freeze({
  hiddenSize: 2560,
  numLayers: 36,
  numHeads: 32,
  numKvHeads: 8,
  headDim: 128,
  intermediateSize: 9728,
  vocabSize: QWEN3_VOCAB,
  tiedEmbeddings: true,
});

/** The tiny random-weight Qwen3 of the tests (`scripts/tiny-model`, default shape). */
export const QWEN3_TINY: Readonly<ModelArchitecture> = Object.freeze({
  hiddenSize: 64,
  numLayers: 2,
  numHeads: 4,
  numKvHeads: 2,
  headDim: 32,
  intermediateSize: 128,
  vocabSize: QWEN3_VOCAB,
  tiedEmbeddings: true,
});
