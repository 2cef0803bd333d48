/** recommendModel(): the largest registry model that fits the device and decodes fast enough there. */
import { describe, expect, it } from 'vitest';
import {
  decodeBytesPerToken,
  estimateDecodeSpeed,
  recommendModel,
  TARGET_TOKENS_PER_SECOND,
  type Capabilities,
  type WebGpuCapabilities,
} from '../../src/capabilities/index.js';
import { findModel } from '../../src/registry/index.js';
import { MODEL_REGISTRY, TEST_MODEL_ID } from '../../src/registry/index.js';
import { thrown } from './support/thrown.js';

const GIB = 2 ** 30;

const F16_GPU: WebGpuCapabilities = {
  vendor: 'apple',
  architecture: 'metal-3',
  device: '',
  description: '',
  isFallbackAdapter: false,
  features: ['shader-f16'],
  shaderF16: true,
  maxBufferSize: 4 * GIB,
  maxStorageBufferBindingSize: 4 * GIB,
};

function caps(overrides: Partial<Capabilities> = {}): Capabilities {
  return {
    webgpuApi: true,
    webgpu: F16_GPU,
    crossOriginIsolated: true,
    hardwareConcurrency: 8,
    wasmThreads: 4,
    deviceMemoryGiB: undefined,
    storage: undefined,
    ...overrides,
  };
}

const SWIFTSHADER = caps({
  webgpu: { ...F16_GPU, vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true, features: [], shaderF16: false, maxBufferSize: GIB, maxStorageBufferBindingSize: GIB },
  hardwareConcurrency: 2,
  wasmThreads: 1,
});

describe('recommendModel', () => {
  it('takes the largest model on a capable GPU: Qwen3-4B in q4f16 on WebGPU', () => {
    const pick = recommendModel(caps({ deviceMemoryGiB: 16, storage: { quotaBytes: 50e9, usageBytes: 0 } }));
    expect(pick).toMatchObject({ model: { id: 'onnx-community/Qwen3-4B-ONNX' }, device: 'webgpu', dtype: 'q4f16' });
    expect(pick.memory.totalBytes).toBe(2_800_000_000 + 8192 * 144 * 1024);
  });

  it('filters by thinking mode', () => {
    expect(recommendModel(caps(), { thinking: 'never' }).model.id).toBe('onnx-community/Qwen3-4B-Instruct-2507-ONNX');
    expect(recommendModel(caps(), { thinking: 'always' }).model.id).toBe('onnx-community/Qwen3-4B-Thinking-2507-ONNX');
  });

  it('keeps to half the device memory', () => {
    // 8 GiB → 4 GiB budget: 4B q4f16 (3.7 GiB with 8k tokens of KV) fits.
    expect(recommendModel(caps({ deviceMemoryGiB: 8 })).model.id).toBe('onnx-community/Qwen3-4B-ONNX');
    // 4 GiB → 2 GiB: 1.7B q4f16 needs 2.2 GiB, 0.6B 1.4 GiB.
    expect(recommendModel(caps({ deviceMemoryGiB: 4 })).model.id).toBe('onnx-community/Qwen3-0.6B-ONNX');
    // …unless a shorter context is budgeted.
    expect(recommendModel(caps({ deviceMemoryGiB: 4 }), { contextTokens: 2048 }).model.id).toBe('onnx-community/Qwen3-1.7B-ONNX');
  });

  it('keeps to the free storage quota', () => {
    const pick = recommendModel(caps({ storage: { quotaBytes: 2e9, usageBytes: 0.5e9 } }));
    expect(pick).toMatchObject({ model: { id: 'onnx-community/Qwen3-1.7B-ONNX' }, dtype: 'q4f16' });
  });

  it('throws QUOTA_EXCEEDED when storage rules out even the smallest model', () => {
    const error = thrown(() => recommendModel(caps({ storage: { quotaBytes: 300e6, usageBytes: 0 } })));
    expect(error.code).toBe('QUOTA_EXCEEDED');
    expect(error.message).toContain('Free up space');
    expect((error.details?.['rejected'] as unknown[]).length).toBeGreaterThan(4);
  });

  it('throws UNSUPPORTED when memory rules out everything, and never offers the test model', () => {
    const error = thrown(() => recommendModel(caps({ deviceMemoryGiB: 0.5 }), { models: MODEL_REGISTRY }));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toContain('Qwen3-0.6B');
    const rejected = error.details?.['rejected'] as Array<{ model: string }>;
    expect(rejected.map((r) => r.model)).not.toContain(TEST_MODEL_ID);
  });

  it('on the SwiftShader profile runs on WASM (a software GPU is slower), and not Qwen3-1.7B, which would crawl on one thread', () => {
    const pick = recommendModel(SWIFTSHADER);
    expect(pick).toMatchObject({ model: { id: 'onnx-community/Qwen3-0.6B-ONNX' }, device: 'wasm', dtype: 'int8' });
    expect(pick.tokensPerSecond).toBeLessThan(TARGET_TOKENS_PER_SECOND);
    expect(pick.reason).toMatch(/No model that fits reaches 8 tokens\/s here; Qwen3 0\.6B as int8 on WASM is the fastest/);
    expect(pick.reason).toMatch(/Qwen3 1\.7B would fit but decode at about \d\.\d tokens\/s/);
  });

  it('on 2 cores without WebGPU, never Qwen3-1.7B on WASM (isolated or not)', () => {
    for (const crossOriginIsolated of [false, true]) {
      const pick = recommendModel(caps({ webgpuApi: false, webgpu: null, hardwareConcurrency: 2, wasmThreads: 1, crossOriginIsolated }));
      expect(pick.model.id).toBe('onnx-community/Qwen3-0.6B-ONNX');
      expect(pick.device).toBe('wasm');
    }
  });

  it('weighs speed against the target: 8 cores (4 WASM threads) reach it with 0.6B, a lower target lets 1.7B through', () => {
    const eightCores = caps({ webgpuApi: false, webgpu: null, hardwareConcurrency: 8, wasmThreads: 4 });
    const pick = recommendModel(eightCores);
    expect(pick.model.id).toBe('onnx-community/Qwen3-0.6B-ONNX');
    expect(pick.tokensPerSecond).toBeGreaterThanOrEqual(8);
    expect(pick.reason).toContain('the largest model that fits this device and decodes at 8 tokens/s or more');
    expect(pick.reason).toContain('Qwen3 1.7B would fit but decode at about');
    expect(recommendModel(eightCores, { minTokensPerSecond: 4 }).model.id).toBe('onnx-community/Qwen3-1.7B-ONNX');
  });

  it('takes Qwen3-4B on a weak integrated GPU only if it still reaches the target', () => {
    const intel = caps({ webgpu: { ...F16_GPU, vendor: 'intel', architecture: 'gen-12lp' } });
    const pick = recommendModel(intel);
    expect(pick.device).toBe('webgpu');
    expect(pick.tokensPerSecond).toBeGreaterThanOrEqual(8);
    expect(recommendModel(intel, { minTokensPerSecond: 15 }).model.id).toBe('onnx-community/Qwen3-1.7B-ONNX');
  });

  it('falls back to WASM when no model fits the GPU buffers', () => {
    const tinyBindings = caps({ webgpu: { ...F16_GPU, maxStorageBufferBindingSize: 128 * 2 ** 20 } });
    expect(recommendModel(tinyBindings).device).toBe('wasm');
  });

  it('without WebGPU recommends a WASM model under 4 GiB', () => {
    const pick = recommendModel(caps({ webgpuApi: false, webgpu: null }));
    expect(pick.device).toBe('wasm');
    expect(pick.memory.totalBytes).toBeLessThanOrEqual(4 * GIB);
  });

  it('refuses an empty choice with INVALID_ARGUMENT', () => {
    expect(thrown(() => recommendModel(caps(), { models: [] })).code).toBe('INVALID_ARGUMENT');
  });
});

describe('estimateDecodeSpeed', () => {
  const small = findModel('onnx-community/Qwen3-0.6B-ONNX')!;
  const mid = findModel('onnx-community/Qwen3-1.7B-ONNX')!;
  const tiny = findModel(TEST_MODEL_ID)!;

  it('counts the MatMul weights and the tied LM head, not the embedding lookup', () => {
    // 0.6B: 28 × 15.7M MatMul parameters + 155.6M of LM head, at 0.64 bytes each in q4.
    expect(Math.round(decodeBytesPerToken(small, 'q4') / 1e6)).toBe(382);
    // The tiny model is almost all LM head: 151,936 × 64 in fp32.
    expect(decodeBytesPerToken(tiny, 'fp32') / 1e6).toBeCloseTo(39.3, 1);
  });

  it('agrees with what was measured on one WASM thread: the tiny model at 40–100 tokens/s, the 0.6B shape at 9.4 in q8 and 1.0 in q4', () => {
    const speed = estimateDecodeSpeed(tiny, 'fp32', 'wasm', { wasmThreads: 1, webgpu: null });
    expect(speed.tokensPerSecond).toBeGreaterThan(35);
    expect(speed.tokensPerSecond).toBeLessThan(100);
    expect(speed.basis).toBe('1 WASM thread, 4 G parameters/s in fp32');
    const q8 = estimateDecodeSpeed(small, 'q8', 'wasm', { wasmThreads: 1, webgpu: null }).tokensPerSecond;
    const q4 = estimateDecodeSpeed(small, 'q4', 'wasm', { wasmThreads: 1, webgpu: null }).tokensPerSecond;
    expect(q8).toBeGreaterThan(9.4 / 2);
    expect(q8).toBeLessThan(9.4 * 2);
    expect(q4).toBeGreaterThan(1.0 / 2);
    expect(q4).toBeLessThan(1.0 * 2);
  });

  it('is faster with more threads and on a GPU, slower for bigger models, and slow on a software adapter', () => {
    const one = estimateDecodeSpeed(small, 'q4', 'wasm', { wasmThreads: 1, webgpu: null }).tokensPerSecond;
    const four = estimateDecodeSpeed(small, 'q4', 'wasm', { wasmThreads: 4, webgpu: null }).tokensPerSecond;
    const gpu = estimateDecodeSpeed(small, 'q4f16', 'webgpu', { wasmThreads: 1, webgpu: F16_GPU }).tokensPerSecond;
    const soft = estimateDecodeSpeed(small, 'q4', 'webgpu', SWIFTSHADER).tokensPerSecond;
    expect(four).toBeGreaterThan(2 * one);
    expect(gpu).toBeGreaterThan(four);
    expect(estimateDecodeSpeed(mid, 'q4', 'wasm', { wasmThreads: 1, webgpu: null }).tokensPerSecond).toBeLessThan(one / 2);
    expect(soft).toBeLessThan(1);
  });
});
