/**
 * onnxruntime-web's default WASM thread count (`env.wasm.numThreads` unset):
 * half the cores, at most 4, and 1 without cross-origin isolation, where
 * `SharedArrayBuffer` (which threads need) does not exist.
 */
export function wasmThreadCount(hardwareConcurrency: number | undefined, crossOriginIsolated: boolean): number {
  if (!crossOriginIsolated) return 1;
  return Math.min(4, Math.ceil((hardwareConcurrency || 1) / 2));
}
