/**
 * The model registry: the Qwen3 models the SDK knows, what each dtype
 * downloads, and how much memory it needs; plus the same description for any
 * other Qwen3 export, from its config.json. Framework-free, side-effect-free.
 */
export { QWEN3_0_6B, QWEN3_1_7B, QWEN3_4B, QWEN3_TINY } from './architectures.js';
export { architectureOf, describeModelConfig, type DescribeOptions } from './describe-config.js';
export { kvBytesPerToken, kvCacheDtype, modelKvBytesPerToken } from './kv-cache.js';
export { DEFAULT_CONTEXT_BUDGET, estimateMemory, type MemoryEstimate } from './memory.js';
export { modelFacts, type ModelFacts } from './model-facts.js';
export { DEFAULT_MODEL_ID, findModel, listModels, MODEL_REGISTRY, TEST_MODEL_ID } from './models.js';
export {
  DTYPE_FILE_SUFFIX,
  externalDataChunks,
  externalDataFileNames,
  modelFiles,
  onnxFileName,
  SHARED_MODEL_FILES,
  weightFiles,
} from './onnx-files.js';
export { thinkingModeOf } from './thinking-mode.js';
export type * from './types.js';
export { embeddingBytes, estimateWeightBytes, parameterCount, weightBytes } from './weight-bytes.js';
