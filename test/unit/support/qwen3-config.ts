/** The fields of onnx-community/Qwen3-0.6B-ONNX's config.json that matter here. */
export const QWEN3_06B_CONFIG = {
  architectures: ['Qwen3ForCausalLM'],
  model_type: 'qwen3',
  hidden_size: 1024,
  intermediate_size: 3072,
  num_hidden_layers: 28,
  num_attention_heads: 16,
  num_key_value_heads: 8,
  head_dim: 128,
  vocab_size: 151936,
  max_position_embeddings: 40960,
  tie_word_embeddings: true,
  'transformers.js_config': {
    use_external_data_format: { 'model.onnx': true, 'model_fp16.onnx': true },
    kv_cache_dtype: { q4f16: 'float16', fp16: 'float16' },
  },
};
