/**
 * Describes any Qwen3 export from its parsed config.json, so a user's own
 * model gets the same checks as a registry entry: KV-cache size, context,
 * external-data files, thinking mode. Pure: it reads only the object given.
 */
import { Qwen3Error } from '../errors.js';
import { thinkingModeOf } from './thinking-mode.js';
import type { ExternalDataFormat, KvCacheDtype, ModelArchitecture, ModelDtype, ModelInfo } from './types.js';

const MODEL_DTYPES: ReadonlySet<string> = new Set<ModelDtype>(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4']);

/**
 * Qwen3's configs give 40,960 positions for a 32,768-token native context:
 * Qwen sizes it as 32,768 tokens of reply plus 8,192 of prompt. Any other
 * value (the 2507 models' 262,144, a YaRN-extended export) is the context.
 */
const QWEN3_POSITIONS = 40_960;
const QWEN3_CONTEXT = 32_768;

/** Options of {@link describeModelConfig}. */
export interface DescribeOptions {
  /** The chat template (tokenizer_config.json's `chat_template`): it decides the thinking mode. */
  chatTemplate?: string;
}

function invalid(id: string, message: string): Qwen3Error {
  return new Qwen3Error('INVALID_ARGUMENT', `config.json of "${id}": ${message}`, { details: { model: id } });
}

function positiveInteger(id: string, config: Record<string, unknown>, key: string, fallback?: number): number {
  const value = config[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw invalid(id, `"${key}" must be a positive integer (it is ${JSON.stringify(value)}). Is this a complete Qwen3 config?`);
  }
  return value;
}

function asDtype(value: unknown): ModelDtype | undefined {
  return typeof value === 'string' && MODEL_DTYPES.has(value) ? (value as ModelDtype) : undefined;
}

/** `dtype` is a string, or per session (`{ model: 'q4f16' }`) as transformers.js allows. */
function declaredDtypeOf(value: unknown): ModelDtype | undefined {
  if (typeof value === 'object' && value !== null) return asDtype((value as Record<string, unknown>)['model']);
  return asDtype(value);
}

function externalDataOf(value: unknown): ExternalDataFormat {
  if (typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value !== 'object' || value === null) return false;
  const entries = Object.entries(value).filter(
    (entry): entry is [string, boolean | number] => typeof entry[1] === 'boolean' || typeof entry[1] === 'number',
  );
  return Object.fromEntries(entries);
}

/** `kv_cache_dtype` is one type for all dtypes, or a map by dtype (`{ q4f16: 'float16' }`). */
function kvCacheDtypesOf(value: unknown): Partial<Record<ModelDtype, KvCacheDtype>> {
  const isCacheDtype = (v: unknown): v is KvCacheDtype => v === 'float16' || v === 'float32';
  const perDtype = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const result: Partial<Record<ModelDtype, KvCacheDtype>> = {};
  for (const dtype of MODEL_DTYPES as ReadonlySet<ModelDtype>) {
    const entry = isCacheDtype(value) ? value : perDtype[dtype];
    if (isCacheDtype(entry)) result[dtype] = entry;
  }
  return result;
}

/** The architecture a Qwen3 config.json declares; `head_dim` defaults to hidden / heads as in transformers. */
export function architectureOf(id: string, config: Record<string, unknown>): ModelArchitecture {
  const hiddenSize = positiveInteger(id, config, 'hidden_size');
  const numHeads = positiveInteger(id, config, 'num_attention_heads');
  return {
    hiddenSize,
    numLayers: positiveInteger(id, config, 'num_hidden_layers'),
    numHeads,
    numKvHeads: positiveInteger(id, config, 'num_key_value_heads', numHeads),
    headDim: positiveInteger(id, config, 'head_dim', Math.floor(hiddenSize / numHeads)),
    intermediateSize: positiveInteger(id, config, 'intermediate_size'),
    vocabSize: positiveInteger(id, config, 'vocab_size'),
    tiedEmbeddings: config['tie_word_embeddings'] !== false,
  };
}

/**
 * A {@link ModelInfo} for any Qwen3 ONNX export, from its parsed config.json.
 * The dtypes it ships are unknown (`dtypes: undefined`, no known sizes):
 * config.json does not list files.
 *
 * @throws Qwen3Error `UNSUPPORTED` when the config is not a Qwen3 one,
 *   `INVALID_ARGUMENT` when a needed field is missing or malformed.
 *
 * @example
 * ```ts
 * import { describeModelConfig, weightFiles } from 'qwen3-web';
 * const config = await (await fetch('https://huggingface.co/me/my-qwen3-ONNX/resolve/main/config.json')).json();
 * const model = describeModelConfig('me/my-qwen3-ONNX', config);
 * console.log(weightFiles(model, 'q4f16'));
 * ```
 */
export function describeModelConfig(id: string, config: Record<string, unknown>, options: DescribeOptions = {}): ModelInfo {
  const modelType = config['model_type'];
  if (modelType !== 'qwen3') {
    throw new Qwen3Error(
      'UNSUPPORTED',
      `"${id}" is a ${typeof modelType === 'string' && modelType ? modelType : 'model of unknown type'}, not a dense Qwen3 (model_type "qwen3"). Use a Qwen3 ONNX export such as onnx-community/Qwen3-0.6B-ONNX.`,
      { details: { model: id, modelType } },
    );
  }
  const maxPositionEmbeddings = positiveInteger(id, config, 'max_position_embeddings');
  const jsConfig = config['transformers.js_config'];
  const custom = typeof jsConfig === 'object' && jsConfig !== null ? (jsConfig as Record<string, unknown>) : {};
  return {
    id,
    label: id.slice(id.lastIndexOf('/') + 1),
    architecture: architectureOf(id, config),
    contextLength: maxPositionEmbeddings === QWEN3_POSITIONS ? QWEN3_CONTEXT : maxPositionEmbeddings,
    maxPositionEmbeddings,
    thinking: thinkingModeOf(id, options.chatTemplate),
    dtypes: undefined,
    declaredDtype: declaredDtypeOf(custom['dtype']),
    externalData: externalDataOf(custom['use_external_data_format']),
    kvCacheDtypes: kvCacheDtypesOf(custom['kv_cache_dtype']),
    sizes: {},
    testModel: false,
  };
}
