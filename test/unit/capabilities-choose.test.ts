/** chooseDevice() and chooseDtype() over hand-made capability profiles. */
import { describe, expect, it } from 'vitest';
import {
  chooseDevice,
  chooseDtype,
  isSoftwareAdapter,
  isWebGpuUsable,
  type Capabilities,
  type WebGpuCapabilities,
} from '../../src/capabilities/index.js';
import { Qwen3Error } from '../../src/errors.js';
import { describeModelConfig, findModel, TEST_MODEL_ID, type ModelInfo } from '../../src/registry/index.js';
import { QWEN3_06B_CONFIG } from './support/qwen3-config.js';
import { thrown } from './support/thrown.js';

const GIB = 2 ** 30;

function gpu(overrides: Partial<WebGpuCapabilities>): WebGpuCapabilities {
  return {
    vendor: 'nvidia',
    architecture: 'ampere',
    device: '',
    description: '',
    isFallbackAdapter: false,
    features: ['shader-f16'],
    shaderF16: true,
    maxBufferSize: 4 * GIB,
    maxStorageBufferBindingSize: 4 * GIB - 4,
    ...overrides,
  };
}

function caps(webgpu: WebGpuCapabilities | null, overrides: Partial<Capabilities> = {}): Capabilities {
  return {
    webgpuApi: webgpu !== null,
    webgpu,
    crossOriginIsolated: true,
    hardwareConcurrency: 8,
    wasmThreads: 4,
    deviceMemoryGiB: 16,
    storage: { quotaBytes: 100e9, usageBytes: 0 },
    ...overrides,
  };
}

/** Headless Chromium with `--use-webgpu-adapter=swiftshader` (measured): no shader-f16, 1 GiB buffers. */
const SWIFTSHADER = caps(
  gpu({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true, features: [], shaderF16: false, maxBufferSize: GIB, maxStorageBufferBindingSize: GIB }),
  { hardwareConcurrency: 2, wasmThreads: 1 },
);
/** A discrete GPU with shader-f16 and 4 GiB buffers. */
const DISCRETE = caps(gpu({}));
/** An integrated GPU without shader-f16 and 2 GiB buffers. */
const INTEGRATED_NO_F16 = caps(
  gpu({ vendor: 'intel', architecture: 'gen-9', features: [], shaderF16: false, maxBufferSize: 2 * GIB, maxStorageBufferBindingSize: 2 * GIB }),
);
/** A real GPU at WebGPU's default binding limit of 128 MiB. */
const SMALL_BINDINGS = caps(gpu({ maxStorageBufferBindingSize: 128 * 2 ** 20 }));
/** No WebGPU at all (Firefox stable, an http page). */
const NO_WEBGPU = caps(null);
/** WebGPU exists but offered no adapter (blocklisted GPU). */
const NO_ADAPTER = caps(null, { webgpuApi: true });

const Q06 = findModel('onnx-community/Qwen3-0.6B-ONNX')!;
const Q17 = findModel('onnx-community/Qwen3-1.7B-ONNX')!;
const Q4 = findModel('onnx-community/Qwen3-4B-ONNX')!;
const TINY = findModel(TEST_MODEL_ID)!;

describe('chooseDevice', () => {
  it('auto takes a real GPU', () => {
    expect(chooseDevice('auto', DISCRETE)).toBe('webgpu');
    expect(chooseDevice('auto', INTEGRATED_NO_F16)).toBe('webgpu');
  });

  it('auto skips a software adapter: SwiftShader runs WebGPU slower than WASM', () => {
    expect(isSoftwareAdapter(SWIFTSHADER.webgpu!)).toBe(true);
    expect(isWebGpuUsable(SWIFTSHADER)).toBe(false);
    expect(chooseDevice('auto', SWIFTSHADER)).toBe('wasm');
    const llvmpipe = gpu({ vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' });
    expect(isSoftwareAdapter(llvmpipe)).toBe(true);
    expect(isSoftwareAdapter(DISCRETE.webgpu!)).toBe(false);
  });

  it('auto falls back to WASM without WebGPU', () => {
    expect(chooseDevice('auto', NO_WEBGPU)).toBe('wasm');
    expect(chooseDevice('auto', NO_ADAPTER)).toBe('wasm');
  });

  it('honours explicit requests, SwiftShader included', () => {
    expect(chooseDevice('wasm', DISCRETE)).toBe('wasm');
    expect(chooseDevice('webgpu', SWIFTSHADER)).toBe('webgpu');
    expect(chooseDevice('webgpu', DISCRETE)).toBe('webgpu');
  });

  it('refuses webgpu without an adapter with WEBGPU_UNAVAILABLE, saying what works', () => {
    const missing = thrown(() => chooseDevice('webgpu', NO_WEBGPU));
    expect(missing.code).toBe('WEBGPU_UNAVAILABLE');
    expect(missing.message).toContain('navigator.gpu is missing');
    expect(missing.message).toContain('device: "wasm"');
    const blocked = thrown(() => chooseDevice('webgpu', NO_ADAPTER));
    expect(blocked.code).toBe('WEBGPU_UNAVAILABLE');
    expect(blocked.message).toContain('no adapter');
    expect(blocked.message).toContain('device: "wasm"');
  });
});

describe('chooseDtype: auto', () => {
  it('is q4f16 on WebGPU with shader-f16, q4 without it; on WASM int8, q8, fp16, fp32, and q4 last (measured at full size)', () => {
    expect(chooseDtype('auto', 'webgpu', DISCRETE, Q06)).toBe('q4f16');
    expect(chooseDtype('auto', 'webgpu', INTEGRATED_NO_F16, Q06)).toBe('q4');
    expect(chooseDtype('auto', 'wasm', DISCRETE, Q06)).toBe('int8');
    expect(chooseDtype('auto', 'wasm', NO_WEBGPU, Q17)).toBe('q8');
    expect(chooseDtype('auto', 'wasm', NO_WEBGPU, { ...Q06, dtypes: ['q4f16', 'q4', 'fp16', 'fp32'] })).toBe('fp16');
    expect(chooseDtype('auto', 'wasm', NO_WEBGPU, { ...Q06, dtypes: ['q4f16', 'q4', 'fp32'] })).toBe('fp32');
    expect(chooseDtype('auto', 'wasm', NO_WEBGPU, { ...Q06, dtypes: ['q4f16', 'q4'] })).toBe('q4');
    expect(chooseDtype('auto', 'webgpu', DISCRETE, Q4)).toBe('q4f16');
  });

  it('on SwiftShader (no shader-f16, 1 GiB buffers) is q4 for 0.6B', () => {
    expect(chooseDtype('auto', 'webgpu', SWIFTSHADER, Q06)).toBe('q4');
  });

  it("takes the model's declared dtype: the test model is fp32 everywhere", () => {
    expect(chooseDtype('auto', 'webgpu', SWIFTSHADER, TINY)).toBe('fp32');
    expect(chooseDtype('auto', 'webgpu', DISCRETE, TINY)).toBe('fp32');
    expect(chooseDtype('auto', 'wasm', NO_WEBGPU, TINY)).toBe('fp32');
  });

  it('skips a declared dtype that cannot run here when the shipped dtypes are known', () => {
    const declaresQ4f16: ModelInfo = { ...Q06, declaredDtype: 'q4f16' };
    expect(chooseDtype('auto', 'webgpu', DISCRETE, declaresQ4f16)).toBe('q4f16');
    expect(chooseDtype('auto', 'webgpu', SWIFTSHADER, declaresQ4f16)).toBe('q4');
  });

  it('for a described model, tries only its declared dtype, else the device preference', () => {
    const { 'transformers.js_config': _, ...config } = QWEN3_06B_CONFIG;
    const plain = describeModelConfig('me/my-qwen3', config);
    expect(chooseDtype('auto', 'webgpu', DISCRETE, plain)).toBe('q4f16');
    expect(chooseDtype('auto', 'webgpu', SWIFTSHADER, plain)).toBe('q4');
    const declared = describeModelConfig('me/my-qwen3', { ...config, 'transformers.js_config': { dtype: 'q4f16' } });
    const error = thrown(() => chooseDtype('auto', 'webgpu', SWIFTSHADER, declared));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toContain('shader-f16');
    expect(error.message).toContain('"q4"');
    expect(error.message).toContain('if the export ships it');
  });

  it('refuses when no shipped dtype fits the GPU buffers, pointing to WASM', () => {
    // 1.7B q4 keeps a 1.24 GB fp32 embedding table: over SwiftShader's 1 GiB.
    const error = thrown(() => chooseDtype('auto', 'webgpu', SWIFTSHADER, Q17));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toContain('embedding table');
    expect(error.message).toContain('device: "wasm"');
    const small = thrown(() => chooseDtype('auto', 'webgpu', SMALL_BINDINGS, Q06));
    expect(small.code).toBe('UNSUPPORTED');
    expect(small.message).toMatch(/134 MB/);
  });

  it('refuses a model whose weights + KV exceed the 4 GiB WASM heap', () => {
    const withGpu = thrown(() => chooseDtype('auto', 'wasm', DISCRETE, Q4));
    expect(withGpu.code).toBe('UNSUPPORTED');
    expect(withGpu.message).toContain('4 GiB');
    expect(withGpu.message).toContain('device: "webgpu"');
    const withoutGpu = thrown(() => chooseDtype('auto', 'wasm', NO_WEBGPU, Q4));
    expect(withoutGpu.message).toContain('smaller model');
  });

  it('budgets the context it is given', () => {
    // 4B q4 is 3.9 GB of weights: it fits the heap with 512 tokens of KV cache, not with 8,192.
    expect(chooseDtype('auto', 'wasm', NO_WEBGPU, Q4, { contextTokens: 512 })).toBe('q4');
  });
});

describe('chooseDtype: explicit', () => {
  it('returns a dtype that runs', () => {
    expect(chooseDtype('q4', 'webgpu', DISCRETE, Q06)).toBe('q4');
    expect(chooseDtype('fp16', 'webgpu', DISCRETE, Q06)).toBe('fp16');
    expect(chooseDtype('q8', 'wasm', NO_WEBGPU, Q06)).toBe('q8');
    // No GPU feature is involved on WASM: q4f16 is the caller's choice there.
    expect(chooseDtype('q4f16', 'wasm', NO_WEBGPU, Q06)).toBe('q4f16');
  });

  it('refuses fp16 and q4f16 without shader-f16, naming what works', () => {
    for (const dtype of ['q4f16', 'fp16'] as const) {
      const error = thrown(() => chooseDtype(dtype, 'webgpu', SWIFTSHADER, Q06));
      expect(error.code).toBe('UNSUPPORTED');
      expect(error.message).toContain('shader-f16');
      expect(error.message).toContain('google swiftshader');
      expect(error.message).toContain('Use dtype "q4"');
      expect(error.details).toMatchObject({ model: Q06.id, device: 'webgpu', dtype });
    }
    const intel = thrown(() => chooseDtype('q4f16', 'webgpu', INTEGRATED_NO_F16, Q4));
    expect(intel.message).toContain('Use dtype "q4"');
  });

  it('refuses a dtype the model does not ship, listing those it does', () => {
    const error = thrown(() => chooseDtype('fp16', 'webgpu', DISCRETE, Q4));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toContain('does not ship dtype "fp16"');
    expect(error.message).toContain('"q4f16", "q4"');
    expect(error.details?.['available']).toEqual(['q4f16', 'q4']);
    const tiny = thrown(() => chooseDtype('q4', 'wasm', NO_WEBGPU, TINY));
    expect(tiny.message).toContain('Use dtype "fp32"');
  });

  it('refuses a dtype too large for the WASM heap, suggesting a smaller one', () => {
    const error = thrown(() => chooseDtype('fp16', 'wasm', NO_WEBGPU, Q17));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toContain('WASM heap');
    expect(error.message).toContain('Use dtype "q8" or "q4"');
  });

  it('every refusal is a Qwen3Error that survives realms', () => {
    const error = thrown(() => chooseDtype('q4f16', 'webgpu', SWIFTSHADER, Q06));
    expect(Qwen3Error.isInstance(error)).toBe(true);
    expect(error.toJSON()).toMatchObject({ code: 'UNSUPPORTED' });
  });
});
