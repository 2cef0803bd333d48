/**
 * Everything worth showing about one model in one dtype, in one call: what
 * to download, how big, and how much memory it needs.
 */
import { DEFAULT_CONTEXT_BUDGET, estimateMemory, type MemoryEstimate } from './memory.js';
import { kvCacheDtype } from './kv-cache.js';
import { modelFiles } from './onnx-files.js';
import type { KvCacheDtype, ModelDtype, ModelInfo, SizeSource } from './types.js';
import { parameterCount, weightBytes } from './weight-bytes.js';

/** What {@link modelFacts} returns. */
export interface ModelFacts {
  model: string;
  dtype: ModelDtype;
  /** Weight parameters (embedding once when tied). */
  parameters: number;
  /** Every file a load fetches, as repository paths. */
  files: string[];
  /** Bytes of the weight files. */
  downloadBytes: number;
  downloadSizeSource: SizeSource;
  kvCacheDtype: KvCacheDtype;
  memory: MemoryEstimate;
}

/**
 * Files, sizes and memory of `model` as `dtype`, budgeting `contextTokens` of KV cache.
 *
 * @example
 * ```ts
 * import { findModel, modelFacts } from 'qwen3-web';
 * const facts = modelFacts(findModel('onnx-community/Qwen3-4B-ONNX')!, 'q4f16');
 * facts.files; // [..., 'onnx/model_q4f16.onnx', 'onnx/model_q4f16.onnx_data', 'onnx/model_q4f16.onnx_data_1']
 * ```
 */
export function modelFacts(model: ModelInfo, dtype: ModelDtype, contextTokens: number = DEFAULT_CONTEXT_BUDGET): ModelFacts {
  return {
    model: model.id,
    dtype,
    parameters: parameterCount(model.architecture),
    files: modelFiles(model, dtype),
    downloadBytes: weightBytes(model, dtype),
    downloadSizeSource: model.sizes[dtype]?.source ?? 'estimate',
    kvCacheDtype: kvCacheDtype(model, dtype),
    memory: estimateMemory(model, dtype, contextTokens),
  };
}
