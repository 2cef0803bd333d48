/**
 * Shape of the tiny Qwen3 and the Hugging Face config files that describe it.
 *
 * The vocabulary, special token ids and rotary settings are those of the real
 * Qwen3 family, so the real tokenizer and chat template work unchanged; only the
 * widths and depth are tiny.
 */

/** Size of the real Qwen3 vocabulary (the embedding has this many rows). */
export const QWEN3_VOCAB_SIZE = 151936;
/** `<|endoftext|>`: Qwen3's BOS and padding token. */
export const BOS_TOKEN_ID = 151643;
/** `<|im_end|>`: the end of a chat turn. */
export const EOS_TOKEN_ID = 151645;
/** Padding uses `<|endoftext|>`, as in the real model. */
export const PAD_TOKEN_ID = 151643;
/** Qwen3's rotary base. */
export const ROPE_THETA = 1_000_000;
/** Qwen3's RMSNorm epsilon. */
export const RMS_NORM_EPS = 1e-6;
/** Rows of the precomputed rotary tables (the real model's limit). */
export const MAX_POSITION_EMBEDDINGS = 40960;

/** The free parameters of a tiny Qwen3. */
export interface TinyModelShape {
  /** Width of the residual stream. */
  hidden: number;
  /** Number of decoder layers. */
  layers: number;
  /** Number of query heads. */
  heads: number;
  /** Number of key/value heads; must divide `heads` (grouped-query attention). */
  kvHeads: number;
  /** Width of one head; need not equal `hidden / heads` (it does not in real Qwen3). */
  headDim: number;
  /** Width of the SwiGLU MLP. */
  intermediate: number;
}

/** The default shape: heads × headDim (128) ≠ hidden (64), as in real Qwen3. */
export const DEFAULT_SHAPE: Readonly<TinyModelShape> = Object.freeze({
  hidden: 64,
  layers: 2,
  heads: 4,
  kvHeads: 2,
  headDim: 32,
  intermediate: 128,
});

/**
 * Throws when a shape cannot describe a Qwen3 (non-positive sizes, odd head width,
 * KV heads that do not divide the query heads).
 */
export function validateShape(shape: TinyModelShape): void {
  for (const [key, value] of Object.entries(shape)) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new Error(`tiny model: ${key} must be a positive integer, got ${String(value)}`);
    }
  }
  // rotate_half splits each head into two halves.
  if (shape.headDim % 2 !== 0) throw new Error(`tiny model: headDim must be even, got ${shape.headDim}`);
  if (shape.heads % shape.kvHeads !== 0) {
    throw new Error(`tiny model: kvHeads (${shape.kvHeads}) must divide heads (${shape.heads})`);
  }
}

/**
 * `config.json` as transformers.js reads it.
 *
 * `externalDataChunks > 0` adds `use_external_data_format: {"model.onnx": N}` to
 * `transformers.js_config`, the form the onnx-community repositories use; transformers.js
 * 4.3.1 (`resolveExternalDataFormat`) then fetches `model.onnx_data`, `model.onnx_data_1`, ….
 */
export function makeConfigJson(shape: TinyModelShape, externalDataChunks = 0): Record<string, unknown> {
  const transformersJsConfig: Record<string, unknown> = { dtype: 'fp32' };
  if (externalDataChunks > 0) {
    transformersJsConfig['use_external_data_format'] = { 'model.onnx': externalDataChunks };
  }
  return {
    architectures: ['Qwen3ForCausalLM'],
    model_type: 'qwen3',
    vocab_size: QWEN3_VOCAB_SIZE,
    bos_token_id: BOS_TOKEN_ID,
    eos_token_id: EOS_TOKEN_ID,
    pad_token_id: PAD_TOKEN_ID,
    hidden_size: shape.hidden,
    num_hidden_layers: shape.layers,
    num_attention_heads: shape.heads,
    num_key_value_heads: shape.kvHeads,
    head_dim: shape.headDim,
    intermediate_size: shape.intermediate,
    hidden_act: 'silu',
    rope_theta: ROPE_THETA,
    rope_scaling: null,
    rms_norm_eps: RMS_NORM_EPS,
    attention_bias: false,
    attention_dropout: 0,
    tie_word_embeddings: true,
    max_position_embeddings: MAX_POSITION_EMBEDDINGS,
    max_window_layers: shape.layers,
    sliding_window: null,
    use_sliding_window: false,
    use_cache: true,
    initializer_range: 0.02,
    torch_dtype: 'float32',
    'transformers.js_config': transformersJsConfig,
  };
}

/** `generation_config.json` with the real Qwen3 sampling defaults (thinking mode). */
export function makeGenerationConfigJson(): Record<string, unknown> {
  return {
    bos_token_id: BOS_TOKEN_ID,
    pad_token_id: PAD_TOKEN_ID,
    do_sample: true,
    eos_token_id: [EOS_TOKEN_ID, BOS_TOKEN_ID],
    temperature: 0.6,
    top_k: 20,
    top_p: 0.95,
  };
}
