/**
 * The builder-style Qwen3: the graph the onnxruntime-genai model builder exports (GQA,
 * RotaryEmbedding, SimplifiedLayerNorm, MatMulNBits), in the four dtypes of an
 * onnx-community repository, with weights every dtype stores exactly.
 */
export {
  ensureBuilderModel,
  resolveBuilderParams,
  BUILDER_PRESETS,
  BUILDER_GENERATOR_VERSION,
  DEFAULT_BUILDER_MODEL_DIR,
  DEFAULT_BUILDER_NO_KEEP_DIR,
  DEFAULT_QWEN3_06B_DIR,
  QWEN3_06B_SHAPE,
} from './ensure.js';
export type { BuilderModelOptions, BuilderModelInfo, BuilderPreset } from './ensure.js';
export { BUILDER_DTYPES, buildBuilderGraph, type BuilderDtype, type BuilderGraph, type BuilderGraphOptions } from './graph.js';
export { writeBuilderModel, makeBuilderConfigJson, type BuilderModelParams } from './write.js';
export { builderReferenceWeights, drawQuantizedMatrix, packNibbles, dequantize, QUANT_BLOCK, type QuantizedMatrix } from './weights.js';
export { float32ToFloat16Bits, float16BitsToNumber, toFloat16, fromFloat16 } from './float16.js';
