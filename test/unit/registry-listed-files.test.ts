/** `withListedFiles`: the dtypes and sizes an export ships, from the hub API's file listing. */
import { describe, expect, it } from 'vitest';
import { describeModelConfig } from '../../src/registry/describe-config.js';
import { withListedFiles } from '../../src/registry/onnx-files.js';
import { QWEN3_06B_CONFIG } from './support/qwen3-config.js';

const listing = (files: Record<string, number>) => new Map(Object.entries(files).map(([file, size]) => [file, { size }]));

describe('withListedFiles', () => {
  const builderConfig = { ...QWEN3_06B_CONFIG, 'transformers.js_config': { use_external_data_format: { 'model_q4f16.onnx': 2 } } };
  const model = describeModelConfig('me/Qwen3-Export-ONNX', builderConfig);

  it('lists the dtypes whose graph and every data chunk are listed, with their measured sizes', () => {
    const listed = withListedFiles(
      model,
      listing({
        'config.json': 1,
        'onnx/model.onnx': 400,
        'onnx/model_q4.onnx': 100,
        'onnx/model_q4f16.onnx': 10,
        'onnx/model_q4f16.onnx_data': 50,
        'onnx/model_q4f16.onnx_data_1': 20,
      }),
    );
    expect(listed.dtypes).toEqual(['fp32', 'q4', 'q4f16']);
    expect(listed.sizes).toEqual({
      fp32: { bytes: 400, source: 'measured' },
      q4: { bytes: 100, source: 'measured' },
      q4f16: { bytes: 80, source: 'measured' },
    });
  });

  it('does not count a dtype whose external data is missing from the listing', () => {
    const listed = withListedFiles(model, listing({ 'onnx/model_q4f16.onnx': 10, 'onnx/model_q4f16.onnx_data': 50 }));
    expect(listed.dtypes).toEqual([]);
  });
});
