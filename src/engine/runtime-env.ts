/**
 * Points transformers.js at the right places before a load: the hub host, our
 * fetch, and onnxruntime-web's WASM files on the app's own origin (its default
 * is a CDN, which breaks offline and leaks the user's visit to a third party).
 */
import { env, LogLevel } from '@huggingface/transformers';
import { Qwen3Error } from '../errors.js';
import type { WasmPaths } from '../protocol.js';
import { wasmThreadCount } from '../capabilities/wasm-threads.js';

/** One build of onnxruntime-web: its factory and binary. */
export interface RuntimeFiles {
  /** `cpu`: the CPU-only build; `webgpu`: the build transformers.js's bundle is made for, which runs WASM too. */
  build: 'cpu' | 'webgpu';
  mjs: string;
  wasm: string;
}

/** What a load configures. */
export interface RuntimeSettings {
  host: string;
  /** From {@link runtimeFilesFor}. */
  runtimeFiles: RuntimeFiles;
  fetch: (input: string | URL, init?: RequestInit) => Promise<Response>;
  /** onnxruntime-web's WASM threads, from {@link wasmThreadsFor}. */
  wasmThreads: number;
}

/**
 * The thread count this worker's runtime was started with: onnxruntime-web
 * reads `numThreads` once, when its WASM starts, and never again.
 */
let startedThreads: number | undefined;
/** The build this worker's runtime started with: onnxruntime-web loads one, once. */
let startedFiles: RuntimeFiles | undefined;

/**
 * The build a load on `device` runs on. A WASM load where `auto` would never
 * pick WebGPU (no adapter, or a software one) gets the CPU-only build, whose
 * kernels run 2–3× faster than the WebGPU build's (asyncify instruments all
 * of that one's code); everything else the WebGPU build, which runs WASM too.
 * A worker's runtime keeps the build it started with.
 *
 * @throws Qwen3Error `INVALID_ARGUMENT` for a WebGPU load in a worker whose runtime runs the CPU-only build.
 */
export function runtimeFilesFor(paths: WasmPaths, device: 'webgpu' | 'wasm', webgpuUsable: boolean): RuntimeFiles {
  if (startedFiles) {
    if (device === 'webgpu' && startedFiles.build === 'cpu') {
      throw new Qwen3Error(
        'INVALID_ARGUMENT',
        "This worker's runtime started on WASM with onnxruntime-web's CPU-only build, which cannot run WebGPU. Call unload() first (the next load starts a fresh worker), or create a new client, to load on WebGPU.",
        { details: { option: 'device', value: device } },
      );
    }
    return startedFiles;
  }
  return device === 'wasm' && !webgpuUsable && paths.cpu ? { build: 'cpu', ...paths.cpu } : { build: 'webgpu', mjs: paths.mjs, wasm: paths.wasm };
}

/**
 * The WASM threads a load asking for `requested` runs with: 1 where the page
 * is not cross-origin isolated (no `SharedArrayBuffer`), else the request or
 * {@link wasmThreadCount}'s default.
 */
export function wasmThreadsFor(requested: number | undefined): number {
  if (globalThis.crossOriginIsolated !== true) return 1;
  return requested ?? wasmThreadCount(globalThis.navigator?.hardwareConcurrency, true);
}

/** Throws `INVALID_ARGUMENT` when this worker's runtime already runs another thread count. */
export function checkWasmThreads(threads: number): void {
  if (startedThreads === undefined || startedThreads === threads) return;
  throw new Qwen3Error(
    'INVALID_ARGUMENT',
    `This worker's runtime already runs ${startedThreads} WASM thread${startedThreads === 1 ? '' : 's'}; onnxruntime-web cannot change that after it starts. Call unload() first (the next load starts a fresh worker), or create a new client, for wasmThreads: ${threads}.`,
    { details: { option: 'wasmThreads', value: String(threads), running: startedThreads } },
  );
}

/** Applies the settings to transformers.js's global `env` (one load at a time per worker). */
export function configureRuntime(settings: RuntimeSettings): void {
  checkWasmThreads(settings.wasmThreads);
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  env.remoteHost = settings.host.endsWith('/') ? settings.host : `${settings.host}/`;
  env.remotePathTemplate = '{model}/resolve/{revision}/';
  // Model files are stored by our own IndexedDB store, not the Cache API.
  env.useBrowserCache = false;
  // transformers.js then loads ORT's files through env.fetch, where
  // store/runtime-cache.ts keeps them for offline starts.
  env.useWasmCache = true;
  env.useCustomCache = false;
  env.fetch = settings.fetch;
  env.logLevel = LogLevel.ERROR;
  // `env.backends.onnx` is a shallow copy of ORT's env: the nested `wasm`
  // object is shared with ORT, so this assignment reaches it.
  const wasm = env.backends.onnx.wasm;
  if (!wasm) return;
  wasm.wasmPaths = { mjs: settings.runtimeFiles.mjs, wasm: settings.runtimeFiles.wasm };
  wasm.numThreads = settings.wasmThreads;
  startedThreads = settings.wasmThreads;
  startedFiles = settings.runtimeFiles;
}

/** The onnxruntime-web version transformers.js runs. */
export function runtimeVersion(): string {
  return (env.backends.onnx as { versions?: { web?: string } }).versions?.web ?? 'unknown';
}
