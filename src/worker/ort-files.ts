/**
 * onnxruntime-web's WASM factory and binary, bundled next to the worker so
 * they are served from the app's own origin (the default is a CDN). The
 * `no-inline` query keeps Vite's library build from inlining 20 MB as base64:
 * it emits the files and rewrites these imports to
 * `new URL('…', import.meta.url)`, which any bundler understands.
 * The version must be exactly the one transformers.js bundles.
 */
import ortMjs from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url&no-inline';
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url&no-inline';
import ortCpuMjs from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url&no-inline';
import ortCpuWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url&no-inline';
import type { WasmPaths } from '../protocol.js';

const absolute = (url: string): string => new URL(url, self.location.href).href;

/** Absolute URLs of the bundled files: the WebGPU build, and the CPU-only one for devices without WebGPU. */
export const bundledWasmPaths: WasmPaths = {
  mjs: absolute(ortMjs),
  wasm: absolute(ortWasm),
  cpu: { mjs: absolute(ortCpuMjs), wasm: absolute(ortCpuWasm) },
};
