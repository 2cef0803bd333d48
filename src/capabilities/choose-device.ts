/**
 * Chooses where the model runs. `auto` takes WebGPU only when it is a real
 * GPU: a software adapter (SwiftShader, llvmpipe, WARP) runs WebGPU on the
 * CPU far slower than the WASM backend does (the tiny test model: ~1.2 s per
 * token on SwiftShader against 40–100 tokens/s on WASM).
 */
import { Qwen3Error } from '../errors.js';
import type { Device } from '../types.js';
import type { Capabilities, WebGpuCapabilities } from './types.js';

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render/i;

/** True for an adapter that emulates a GPU on the CPU. */
export function isSoftwareAdapter(gpu: WebGpuCapabilities): boolean {
  return gpu.isFallbackAdapter || SOFTWARE_RENDERER.test(`${gpu.architecture} ${gpu.description} ${gpu.device}`);
}

/** True when WebGPU is worth using for `auto`: an adapter that is a real GPU. */
export function isWebGpuUsable(caps: Capabilities): boolean {
  return caps.webgpu !== null && !isSoftwareAdapter(caps.webgpu);
}

/**
 * Resolves `auto` (WebGPU when usable, else WASM) and checks an explicit
 * request. An explicit `webgpu` is honoured on a software adapter too: the
 * caller asked for it.
 *
 * @throws Qwen3Error `WEBGPU_UNAVAILABLE` for `webgpu` without an adapter.
 */
export function chooseDevice(requested: Device, caps: Capabilities): 'webgpu' | 'wasm' {
  if (requested === 'wasm') return 'wasm';
  if (requested === 'auto') return isWebGpuUsable(caps) ? 'webgpu' : 'wasm';
  if (caps.webgpu) return 'webgpu';
  const why = caps.webgpuApi
    ? 'the browser has WebGPU but offered no adapter (the GPU may be blocklisted or WebGPU disabled)'
    : 'this browser has no WebGPU here (navigator.gpu is missing: an older browser, WebGPU disabled, or a page that is not https or localhost)';
  throw new Qwen3Error(
    'WEBGPU_UNAVAILABLE',
    `WebGPU was requested but ${why}. Load with device: "wasm" to run on the CPU, or device: "auto" to use WebGPU wherever it is available.`,
    { details: { webgpuApi: caps.webgpuApi } },
  );
}
