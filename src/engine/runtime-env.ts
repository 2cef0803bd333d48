/**
 * Points transformers.js at the right places before a load: the hub host, our
 * fetch, and onnxruntime-web's WASM files on the app's own origin (its default
 * is a CDN, which breaks offline and leaks the user's visit to a third party).
 */
import { env, LogLevel } from '@huggingface/transformers';
import type { WasmPaths } from '../protocol.js';

/** What a load configures. */
export interface RuntimeSettings {
  host: string;
  wasmPaths: WasmPaths;
  fetch: (input: string | URL, init?: RequestInit) => Promise<Response>;
}

/** Applies the settings to transformers.js's global `env` (one load at a time per worker). */
export function configureRuntime(settings: RuntimeSettings): void {
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
  if (wasm) wasm.wasmPaths = { mjs: settings.wasmPaths.mjs, wasm: settings.wasmPaths.wasm };
}

/** The onnxruntime-web version transformers.js runs. */
export function runtimeVersion(): string {
  return (env.backends.onnx as { versions?: { web?: string } }).versions?.web ?? 'unknown';
}
