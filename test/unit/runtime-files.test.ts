/**
 * Which onnxruntime-web build a load runs on (src/engine/runtime-env.ts): the
 * CPU-only build for WASM where WebGPU is not usable, the WebGPU build
 * otherwise, and whatever this worker's runtime started with once it has.
 * A fresh module per test: the started build is per worker.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WasmPaths } from '../../src/protocol.js';

const PATHS: WasmPaths = {
  mjs: 'https://app.test/ort.asyncify.mjs',
  wasm: 'https://app.test/ort.asyncify.wasm',
  cpu: { mjs: 'https://app.test/ort.mjs', wasm: 'https://app.test/ort.wasm' },
};
const WEBGPU_BUILD = { build: 'webgpu', mjs: PATHS.mjs, wasm: PATHS.wasm };
const CPU_BUILD = { build: 'cpu', ...PATHS.cpu };

let runtimeEnv: typeof import('../../src/engine/runtime-env.js');
beforeEach(async () => {
  vi.resetModules();
  runtimeEnv = await import('../../src/engine/runtime-env.js');
});

const start = (files: ReturnType<typeof runtimeEnv.runtimeFilesFor>): void =>
  runtimeEnv.configureRuntime({ host: 'https://hub.test', runtimeFiles: files, fetch: fetch, wasmThreads: 1 });

describe('runtimeFilesFor', () => {
  it('gives WASM the CPU-only build where WebGPU is not usable, and the WebGPU build everywhere else', () => {
    expect(runtimeEnv.runtimeFilesFor(PATHS, 'wasm', false)).toEqual(CPU_BUILD);
    expect(runtimeEnv.runtimeFilesFor(PATHS, 'wasm', true)).toEqual(WEBGPU_BUILD);
    expect(runtimeEnv.runtimeFilesFor(PATHS, 'webgpu', false)).toEqual(WEBGPU_BUILD);
    expect(runtimeEnv.runtimeFilesFor(PATHS, 'webgpu', true)).toEqual(WEBGPU_BUILD);
  });

  it('uses the one build an app serves itself', () => {
    const own = { mjs: 'https://cdn.test/ort.mjs', wasm: 'https://cdn.test/ort.wasm' };
    expect(runtimeEnv.runtimeFilesFor(own, 'wasm', false)).toEqual({ build: 'webgpu', ...own });
  });

  it('keeps the build a worker started with, and refuses WebGPU on the CPU-only one', () => {
    start(runtimeEnv.runtimeFilesFor(PATHS, 'wasm', false));
    expect(runtimeEnv.runtimeFilesFor(PATHS, 'wasm', true)).toEqual(CPU_BUILD);
    // The paths arrive cloned through the worker boundary on each load: compared by build, not identity.
    expect(() => runtimeEnv.runtimeFilesFor(structuredClone(PATHS), 'webgpu', true)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/unload\(\)/) }));
  });

  it('runs WASM on the WebGPU build once a worker started with it', () => {
    start(runtimeEnv.runtimeFilesFor(PATHS, 'webgpu', true));
    expect(runtimeEnv.runtimeFilesFor(PATHS, 'wasm', false)).toEqual(WEBGPU_BUILD);
  });
});
