/** detectCapabilities() over fake browser globals, and the WASM thread rule. */
import { describe, expect, it } from 'vitest';
import { detectCapabilities, wasmThreadCount, type NavigatorLike } from '../../src/capabilities/index.js';

const GIB = 2 ** 30;

/** A `GPUAdapter` as SwiftShader presents it in headless Chromium 156. */
function swiftShaderAdapter(overrides: Record<string, unknown> = {}) {
  return {
    features: new Set(['timestamp-query', 'subgroups', 'float32-filterable']),
    limits: { maxBufferSize: GIB, maxStorageBufferBindingSize: GIB },
    info: { vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: true },
    ...overrides,
  };
}

function navigatorWith(adapter: unknown, extra: Partial<NavigatorLike> = {}): NavigatorLike {
  return {
    gpu: { requestAdapter: async () => adapter },
    hardwareConcurrency: 8,
    deviceMemory: 16,
    storage: { estimate: async () => ({ quota: 10e9, usage: 1e6 }) },
    ...extra,
  };
}

describe('detectCapabilities', () => {
  it('reports the adapter, its features and limits, threads, memory and storage', async () => {
    const caps = await detectCapabilities({ navigator: navigatorWith(swiftShaderAdapter()), crossOriginIsolated: true });
    expect(caps).toEqual({
      webgpuApi: true,
      webgpu: {
        vendor: 'google',
        architecture: 'swiftshader',
        device: '',
        description: '',
        isFallbackAdapter: true,
        features: ['float32-filterable', 'subgroups', 'timestamp-query'],
        shaderF16: false,
        maxBufferSize: GIB,
        maxStorageBufferBindingSize: GIB,
      },
      crossOriginIsolated: true,
      hardwareConcurrency: 8,
      wasmThreads: 4,
      deviceMemoryGiB: 16,
      storage: { quotaBytes: 10e9, usageBytes: 1e6 },
    });
  });

  it('sees shader-f16', async () => {
    const adapter = swiftShaderAdapter({ features: new Set(['shader-f16']) });
    const caps = await detectCapabilities({ navigator: navigatorWith(adapter) });
    expect(caps.webgpu?.shaderF16).toBe(true);
  });

  it('reads adapter info through the pre-131 requestAdapterInfo() and the adapter-level fallback flag', async () => {
    const adapter = swiftShaderAdapter({
      info: undefined,
      isFallbackAdapter: true,
      requestAdapterInfo: async () => ({ vendor: 'intel', architecture: 'gen-12lp', description: 'Intel Xe' }),
    });
    const caps = await detectCapabilities({ navigator: navigatorWith(adapter) });
    expect(caps.webgpu).toMatchObject({ vendor: 'intel', architecture: 'gen-12lp', description: 'Intel Xe', device: '', isFallbackAdapter: true });
  });

  it('reports no adapter when WebGPU offers none or requestAdapter() throws', async () => {
    const none = await detectCapabilities({ navigator: navigatorWith(null) });
    expect(none).toMatchObject({ webgpuApi: true, webgpu: null });
    const throwing = await detectCapabilities({
      navigator: { gpu: { requestAdapter: () => Promise.reject(new Error('blocked')) } },
    });
    expect(throwing).toMatchObject({ webgpuApi: true, webgpu: null });
  });

  it('reads absent APIs as absent, without throwing', async () => {
    const caps = await detectCapabilities({});
    expect(caps).toEqual({
      webgpuApi: false,
      webgpu: null,
      crossOriginIsolated: false,
      hardwareConcurrency: undefined,
      wasmThreads: 1,
      deviceMemoryGiB: undefined,
      storage: undefined,
    });
  });

  it('tolerates a refused storage estimate or one without a quota', async () => {
    const refused = await detectCapabilities({ navigator: { storage: { estimate: () => Promise.reject(new Error('no')) } } });
    expect(refused.storage).toBeUndefined();
    const partial = await detectCapabilities({ navigator: { storage: { estimate: async () => ({ quota: 5e9 }) } } });
    expect(partial.storage).toEqual({ quotaBytes: 5e9, usageBytes: 0 });
  });

  it('runs against the real globals of Node (no WebGPU, no isolation)', async () => {
    const caps = await detectCapabilities();
    expect(caps.webgpu).toBeNull();
    expect(caps.crossOriginIsolated).toBe(false);
    expect(caps.wasmThreads).toBe(1);
  });
});

describe('wasmThreadCount', () => {
  it('is min(4, ceil(cores / 2)) when cross-origin isolated', () => {
    expect([1, 2, 3, 4, 6, 8, 16, 64].map((cores) => wasmThreadCount(cores, true))).toEqual([1, 1, 2, 2, 3, 4, 4, 4]);
    expect(wasmThreadCount(undefined, true)).toBe(1);
  });

  it('is 1 without cross-origin isolation (no SharedArrayBuffer)', () => {
    expect(wasmThreadCount(16, false)).toBe(1);
  });
});
