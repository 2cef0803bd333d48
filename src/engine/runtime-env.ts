/**
 * Points transformers.js at the right places before a load: the hub host, our
 * fetch, and onnxruntime-web's WASM files on the app's own origin (its default
 * is a CDN, which breaks offline and leaks the user's visit to a third party).
 */
import { env, LogLevel } from '@huggingface/transformers';
import { Qwen3Error } from '../errors.js';
import type { WasmPaths } from '../protocol.js';
import { wasmThreadCount } from '../capabilities/wasm-threads.js';

/** What a load configures. */
export interface RuntimeSettings {
  host: string;
  wasmPaths: WasmPaths;
  fetch: (input: string | URL, init?: RequestInit) => Promise<Response>;
  /** onnxruntime-web's WASM threads, from {@link wasmThreadsFor}. */
  wasmThreads: number;
}

/**
 * The thread count this worker's runtime was started with: onnxruntime-web
 * reads `numThreads` once, when its WASM starts, and never again.
 */
let startedThreads: number | undefined;

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
  wasm.wasmPaths = { mjs: settings.wasmPaths.mjs, wasm: settings.wasmPaths.wasm };
  wasm.numThreads = settings.wasmThreads;
  startedThreads = settings.wasmThreads;
}

/** The onnxruntime-web version transformers.js runs. */
export function runtimeVersion(): string {
  return (env.backends.onnx as { versions?: { web?: string } }).versions?.web ?? 'unknown';
}
