/** The model registry: shapes, sizes, files, KV cache and memory of the supported Qwen3 models. */
import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SHAPE, QWEN3_VOCAB_SIZE } from '../../scripts/tiny-model/index.js';
import {
  DEFAULT_CONTEXT_BUDGET,
  estimateMemory,
  estimateWeightBytes,
  externalDataChunks,
  externalDataFileNames,
  findModel,
  kvBytesPerToken,
  listModels,
  MODEL_REGISTRY,
  modelFacts,
  modelFiles,
  modelKvBytesPerToken,
  parameterCount,
  TEST_MODEL_ID,
  weightFiles,
  type ModelInfo,
} from '../../src/registry/index.js';
import { matmulParameters } from '../../src/registry/weight-bytes.js';

const KIB = 1024;

function model(id: string): ModelInfo {
  const found = findModel(id);
  if (!found) throw new Error(`${id} is not in the registry`);
  return found;
}

const Q06 = model('onnx-community/Qwen3-0.6B-ONNX');
const Q17 = model('onnx-community/Qwen3-1.7B-ONNX');
const Q4 = model('onnx-community/Qwen3-4B-ONNX');
const Q4_INSTRUCT = model('onnx-community/Qwen3-4B-Instruct-2507-ONNX');
const Q4_THINKING = model('onnx-community/Qwen3-4B-Thinking-2507-ONNX');
const TINY = model(TEST_MODEL_ID);

describe('registry entries', () => {
  it('lists the supported Qwen3 models and the test model, ids unique', () => {
    expect(MODEL_REGISTRY.map((m) => m.id)).toEqual([
      'onnx-community/Qwen3-0.6B-ONNX',
      'onnx-community/Qwen3-1.7B-ONNX',
      'onnx-community/Qwen3-4B-ONNX',
      'onnx-community/Qwen3-4B-Instruct-2507-ONNX',
      'onnx-community/Qwen3-4B-Thinking-2507-ONNX',
      'qwen3-web/Qwen3-Tiny-ONNX',
    ]);
  });

  it('carries the Qwen3 architectures (hidden / layers / heads / KV heads / head_dim / intermediate)', () => {
    const shape = (m: ModelInfo) => {
      const a = m.architecture;
      return [a.hiddenSize, a.numLayers, a.numHeads, a.numKvHeads, a.headDim, a.intermediateSize];
    };
    expect(shape(Q06)).toEqual([1024, 28, 16, 8, 128, 3072]);
    expect(shape(Q17)).toEqual([2048, 28, 16, 8, 128, 6144]);
    expect(shape(Q4)).toEqual([2560, 36, 32, 8, 128, 9728]);
    expect(Q4_INSTRUCT.architecture).toEqual(Q4.architecture);
    expect(Q4_THINKING.architecture).toEqual(Q4.architecture);
    for (const m of MODEL_REGISTRY) {
      expect(m.architecture.vocabSize).toBe(151_936);
      expect(m.architecture.tiedEmbeddings).toBe(true);
    }
  });

  it('counts parameters as the model cards do (0.6B/0.44B, 1.7B/1.4B, 4.0B/3.6B non-embedding)', () => {
    expect(parameterCount(Q06.architecture) / 1e9).toBeCloseTo(0.6, 1);
    expect(matmulParameters(Q06.architecture) / 1e9).toBeCloseTo(0.44, 2);
    expect(parameterCount(Q17.architecture) / 1e9).toBeCloseTo(1.7, 1);
    expect(matmulParameters(Q17.architecture) / 1e9).toBeCloseTo(1.4, 1);
    expect(parameterCount(Q4.architecture) / 1e9).toBeCloseTo(4.0, 1);
    expect(matmulParameters(Q4.architecture) / 1e9).toBeCloseTo(3.6, 1);
  });

  it('has Qwen3 context (32,768 native, 40,960 positions) and 262,144 for the 2507 models', () => {
    for (const m of [Q06, Q17, Q4, TINY]) {
      expect(m.contextLength).toBe(32_768);
      expect(m.maxPositionEmbeddings).toBe(40_960);
    }
    for (const m of [Q4_INSTRUCT, Q4_THINKING]) expect(m.contextLength).toBe(262_144);
  });

  it('knows how each model thinks', () => {
    expect([Q06, Q17, Q4].map((m) => m.thinking)).toEqual(['hybrid', 'hybrid', 'hybrid']);
    expect(Q4_INSTRUCT.thinking).toBe('never');
    expect(Q4_THINKING.thinking).toBe('always');
  });

  it('finds models case-insensitively and lists only real ones to users', () => {
    expect(findModel('ONNX-COMMUNITY/qwen3-0.6b-onnx')).toBe(Q06);
    expect(findModel('someone/else')).toBeUndefined();
    expect(listModels()).not.toContain(TINY);
    expect(listModels()).toHaveLength(MODEL_REGISTRY.length - 1);
  });
});

describe('download sizes', () => {
  it('uses the published onnx-community figures', () => {
    expect(Q06.sizes.q4f16).toEqual({ bytes: 570_000_000, source: 'reported' });
    expect(Q06.sizes.q4).toEqual({ bytes: 919_000_000, source: 'reported' });
    expect(Q17.sizes.q4f16).toEqual({ bytes: 1_400_000_000, source: 'reported' });
    expect(Q4.sizes.q4f16).toEqual({ bytes: 2_800_000_000, source: 'reported' });
  });

  it('estimates within 3% of every published figure', () => {
    const published: Array<[ModelInfo, 'q4f16' | 'q4', number]> = [
      [Q06, 'q4f16', 570e6],
      [Q06, 'q4', 919e6],
      [Q17, 'q4f16', 1.4e9],
      [Q4, 'q4f16', 2.8e9],
    ];
    for (const [m, dtype, bytes] of published) {
      expect(Math.abs(estimateWeightBytes(m.architecture, dtype) / bytes - 1), `${m.id} ${dtype}`).toBeLessThan(0.03);
    }
  });

  it('has a size for every shipped dtype, smaller for fewer bits', () => {
    for (const m of MODEL_REGISTRY) {
      for (const dtype of m.dtypes ?? []) expect(m.sizes[dtype]?.bytes, `${m.id} ${dtype}`).toBeGreaterThan(0);
    }
    const s = Q06.sizes;
    expect(s.q4f16!.bytes).toBeLessThan(s.q4!.bytes);
    expect(s.q4!.bytes).toBeLessThan(s.fp16!.bytes);
    expect(s.fp16!.bytes).toBeLessThan(s.fp32!.bytes);
    expect(Q4_INSTRUCT.sizes.q4f16?.source).toBe('estimate');
  });
});

describe('files per dtype', () => {
  it('names graphs as transformers.js requests them', () => {
    expect(weightFiles(Q06, 'q4f16')).toEqual(['onnx/model_q4f16.onnx']);
    expect(weightFiles(Q06, 'q8')).toEqual(['onnx/model_quantized.onnx']);
    expect(weightFiles(TINY, 'fp32')).toEqual(['onnx/model.onnx']);
  });

  it('lists 4B q4f16 as a graph plus two external-data chunks', () => {
    expect(weightFiles(Q4, 'q4f16')).toEqual([
      'onnx/model_q4f16.onnx',
      'onnx/model_q4f16.onnx_data',
      'onnx/model_q4f16.onnx_data_1',
    ]);
  });

  it('starts with the config and tokenizer files every load fetches', () => {
    expect(modelFiles(TINY, 'fp32')).toEqual([
      'config.json',
      'generation_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/model.onnx',
    ]);
  });

  it('reads use_external_data_format as transformers.js does', () => {
    expect(externalDataChunks(false, 'model.onnx')).toBe(0);
    expect(externalDataChunks(true, 'model.onnx')).toBe(1);
    expect(externalDataChunks(3, 'model_q4.onnx')).toBe(3);
    const perFile = { 'model_q4f16.onnx': 2, 'model.onnx': true, model: 1 } as const;
    expect(externalDataChunks(perFile, 'model_q4f16.onnx')).toBe(2);
    expect(externalDataChunks(perFile, 'model.onnx')).toBe(1);
    // Not listed by its own name: the base name's entry applies.
    expect(externalDataChunks(perFile, 'model_fp16.onnx')).toBe(1);
    expect(externalDataChunks({ 'model_q4f16.onnx': 2 }, 'model_q4.onnx')).toBe(0);
    expect(externalDataFileNames('model.onnx', 0)).toEqual([]);
    expect(externalDataFileNames('model_q4.onnx', 3)).toEqual(['model_q4.onnx_data', 'model_q4.onnx_data_1', 'model_q4.onnx_data_2']);
  });
});

describe('KV cache', () => {
  it('is 112 KiB per token in fp16 for 0.6B and 1.7B, 144 KiB for 4B, double in fp32', () => {
    expect(kvBytesPerToken(Q06.architecture, 'float16')).toBe(112 * KIB);
    expect(kvBytesPerToken(Q17.architecture, 'float16')).toBe(112 * KIB);
    expect(kvBytesPerToken(Q4.architecture, 'float16')).toBe(144 * KIB);
    expect(kvBytesPerToken(Q06.architecture, 'float32')).toBe(224 * KIB);
    expect(kvBytesPerToken(Q4.architecture, 'float32')).toBe(288 * KIB);
    // 2 layers × 2 KV heads × 32 × (K, V) × 4 bytes.
    expect(kvBytesPerToken(TINY.architecture, 'float32')).toBe(1024);
  });

  it('follows the weights: fp16 cache for fp16/q4f16, fp32 for the rest, unless the config overrides', () => {
    expect(modelKvBytesPerToken(Q06, 'q4f16')).toBe(112 * KIB);
    expect(modelKvBytesPerToken(Q06, 'fp16')).toBe(112 * KIB);
    expect(modelKvBytesPerToken(Q06, 'q4')).toBe(224 * KIB);
    expect(modelKvBytesPerToken(Q06, 'q8')).toBe(224 * KIB);
    expect(modelKvBytesPerToken({ ...Q06, kvCacheDtypes: { q4: 'float16' } }, 'q4')).toBe(112 * KIB);
  });
});

describe('memory estimate', () => {
  it('is weights + KV per token × the budgeted context (8,192 tokens by default)', () => {
    expect(DEFAULT_CONTEXT_BUDGET).toBe(8192);
    const memory = estimateMemory(Q06, 'q4f16');
    expect(memory).toEqual({
      weightsBytes: 570_000_000,
      kvBytesPerToken: 112 * KIB,
      contextTokens: 8192,
      kvCacheBytes: 8192 * 112 * KIB,
      totalBytes: 570_000_000 + 8192 * 112 * KIB,
    });
    // 4B q4f16 at the default budget: 2.8 GB + 1.125 GiB, under 4 GiB.
    expect(estimateMemory(Q4, 'q4f16').totalBytes).toBeLessThan(4 * 2 ** 30);
  });

  it('clamps the context to the model positions and never below zero', () => {
    expect(estimateMemory(Q06, 'q4f16', 1_000_000).contextTokens).toBe(40_960);
    expect(estimateMemory(Q06, 'q4f16', -5).kvCacheBytes).toBe(0);
  });

  it('sums up per model and dtype in modelFacts', () => {
    const facts = modelFacts(Q4, 'q4f16', 4096);
    expect(facts).toMatchObject({
      model: 'onnx-community/Qwen3-4B-ONNX',
      downloadBytes: 2_800_000_000,
      downloadSizeSource: 'reported',
      kvCacheDtype: 'float16',
      memory: { contextTokens: 4096, kvCacheBytes: 4096 * 144 * KIB },
    });
    expect(facts.files.at(-1)).toBe('onnx/model_q4f16.onnx_data_1');
  });
});

describe('the test model', () => {
  it('is marked as a test model, fp32 only, declaring fp32', () => {
    expect(TINY).toMatchObject({ testModel: true, dtypes: ['fp32'], declaredDtype: 'fp32', externalData: false });
    expect(MODEL_REGISTRY.filter((m) => m.testModel)).toEqual([TINY]);
  });

  it('has the shape the generator writes', () => {
    const a = TINY.architecture;
    expect([a.hiddenSize, a.numLayers, a.numHeads, a.numKvHeads, a.headDim, a.intermediateSize]).toEqual([
      DEFAULT_SHAPE.hidden,
      DEFAULT_SHAPE.layers,
      DEFAULT_SHAPE.heads,
      DEFAULT_SHAPE.kvHeads,
      DEFAULT_SHAPE.headDim,
      DEFAULT_SHAPE.intermediate,
    ]);
    expect(a.vocabSize).toBe(QWEN3_VOCAB_SIZE);
  });

  const generated = 'models/qwen3-web/Qwen3-Tiny-ONNX/onnx/model.onnx';
  it.skipIf(!existsSync(generated))('records the generated file size exactly', () => {
    expect(TINY.sizes.fp32).toEqual({ bytes: statSync(generated).size, source: 'measured' });
  });
});
