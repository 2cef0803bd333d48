/**
 * What the SDK knows about a model before downloading its weights: its shape,
 * its context, how it thinks, and which ONNX variants it ships. Registry
 * entries and descriptions of a user's own `config.json` share this type.
 */
import type { Dtype } from '../types.js';

/** A dtype a model can ship: every {@link Dtype} but `auto`. */
export type ModelDtype = Exclude<Dtype, 'auto'>;

/**
 * How a model handles Qwen3's `<think>` reasoning.
 * - `hybrid`: thinking can be switched on and off (`enable_thinking`, `/think`, `/no_think`).
 * - `never`: an instruct model that answers directly (Qwen3-4B-Instruct-2507).
 * - `always`: the template opens `<think>` itself; the model always reasons (Qwen3-4B-Thinking-2507).
 */
export type ThinkingMode = 'hybrid' | 'never' | 'always';

/** The transformer's shape: enough to count parameters and size the KV cache. */
export interface ModelArchitecture {
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  numKvHeads: number;
  /** Per-head width. For Qwen3, `numHeads × headDim` is not `hiddenSize`. */
  headDim: number;
  intermediateSize: number;
  vocabSize: number;
  /** True when the LM head reuses the embedding table (all small Qwen3 models). */
  tiedEmbeddings: boolean;
}

/**
 * `transformers.js_config.use_external_data_format` as config.json writes it:
 * `true` = one data chunk, a number = that many chunks, or a map from ONNX file
 * name (`model_q4f16.onnx`) or base name (`model`) to either.
 */
export type ExternalDataFormat = boolean | number | Readonly<Record<string, boolean | number>>;

/** Where a download size comes from. */
export type SizeSource = 'reported' | 'measured' | 'estimate';

/** The bytes of one dtype's ONNX files (graph plus external data). */
export interface WeightSize {
  bytes: number;
  /** `reported`: published figure; `measured`: from the file; `estimate`: from the parameter count. */
  source: SizeSource;
}

/** Element type of the KV cache the ONNX graph takes as `past_key_values.*`. */
export type KvCacheDtype = 'float16' | 'float32';

/** A model as the SDK sees it. Plain data, structured-cloneable. */
export interface ModelInfo {
  /** Hugging Face id, e.g. `onnx-community/Qwen3-0.6B-ONNX`. */
  id: string;
  /** A short human name, e.g. `Qwen3 0.6B`. */
  label: string;
  architecture: ModelArchitecture;
  /** Tokens the model was trained to attend over (Qwen3: 32,768; the 2507 models: 262,144). */
  contextLength: number;
  /** The hard cap on positions from config.json (Qwen3: 40,960 = room for a long reply past the native context). */
  maxPositionEmbeddings: number;
  thinking: ThinkingMode;
  /** The dtypes it ships, best known first; `undefined` when unknown (config.json does not list files). */
  dtypes: readonly ModelDtype[] | undefined;
  /** `transformers.js_config.dtype`: what transformers.js loads when no dtype is given. */
  declaredDtype: ModelDtype | undefined;
  /** `transformers.js_config.use_external_data_format`; `false` when absent. */
  externalData: ExternalDataFormat;
  /** `transformers.js_config.kv_cache_dtype` overrides, by weight dtype. */
  kvCacheDtypes: Readonly<Partial<Record<ModelDtype, KvCacheDtype>>>;
  /** Known download sizes; any other dtype is estimated from the architecture. */
  sizes: Readonly<Partial<Record<ModelDtype, WeightSize>>>;
  /** True for the tiny random-weight model the tests use: never recommended to users. */
  testModel: boolean;
}
