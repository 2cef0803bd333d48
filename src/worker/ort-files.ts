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
import type { WasmPaths } from '../protocol.js';

/** Absolute URLs of the bundled files. */
export const bundledWasmPaths: WasmPaths = {
  mjs: new URL(ortMjs, self.location.href).href,
  wasm: new URL(ortWasm, self.location.href).href,
};
