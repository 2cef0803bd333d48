/**
 * The tiny Qwen3 test model: a real-vocabulary, randomly initialised Qwen3 small enough
 * to generate in a second, laid out like an onnx-community repository, plus a reference
 * forward pass to check it against.
 */
export * from './config.js';
export { ensureTinyModel, resolveParams, DEFAULT_TINY_MODEL_DIR, DEFAULT_SEED, GENERATOR_VERSION, STAMP_FILE } from './ensure.js';
export type { TinyModelOptions, TinyModelInfo } from './ensure.js';
export { loadTinyTokenizer } from './load-tokenizer.js';
export { writeTinyModel, type TinyModelParams } from './write-model.js';
export { makeTinyWeights, WEIGHT_STD, NORM_NOISE, type TinyWeights, type TinyLayerWeights } from './weights.js';
export { referenceForward, type ReferenceInputs, type ReferenceOutputs, type ReferenceCache } from './reference.js';
export { buildQwen3Graph, type Qwen3Graph } from './graph.js';
export { serializeModel, externalDataFileName } from './serialize.js';
export {
  ensureBuilderModel,
  DEFAULT_BUILDER_MODEL_DIR,
  DEFAULT_QWEN3_06B_DIR,
  type BuilderModelOptions,
  type BuilderModelInfo,
} from './builder/index.js';
