/** recommendModel(): the largest registry model that fits the device. */
import { describe, expect, it } from 'vitest';
import { recommendModel, type Capabilities, type WebGpuCapabilities } from '../../src/capabilities/index.js';
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

  it('on the SwiftShader profile runs on WASM (a software GPU is slower), the largest that fits the heap', () => {
    const pick = recommendModel(SWIFTSHADER);
    expect(pick).toMatchObject({ model: { id: 'onnx-community/Qwen3-1.7B-ONNX' }, device: 'wasm', dtype: 'q4' });
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
