/**
 * The SDK's default WASM thread count, which is onnxruntime-web's own
 * (`env.wasm.numThreads` unset): half the cores, at most 4, and 1 without
 * cross-origin isolation, where `SharedArrayBuffer` (which threads need) does
 * not exist. Kept by measurement: at Qwen3-0.6B's size in q8 on 2 cores, two
 * threads decoded 1.08× and prefilled 0.91× as fast as one (BENCHMARKS.md,
 * "WASM threads"); the page needs the other core. `load({ wasmThreads })`
 * overrides it.
 */
export function wasmThreadCount(hardwareConcurrency: number | undefined, crossOriginIsolated: boolean): number {
  if (!crossOriginIsolated) return 1;
  return Math.min(4, Math.ceil((hardwareConcurrency || 1) / 2));
}
