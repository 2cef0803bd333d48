/**
 * Capabilities: what this browser can do for a model, and the pure decisions
 * made from that (device, dtype, which model to recommend).
 */
export { chooseDevice, isSoftwareAdapter, isWebGpuUsable } from './choose-device.js';
export { chooseDtype, dtypeProblem, type ChooseDtypeOptions } from './choose-dtype.js';
export { detectCapabilities, type CapabilityScope, type NavigatorLike } from './detect.js';
export { dtypePreference, needsShaderF16 } from './dtype-preference.js';
export { decodeBytesPerToken, estimateDecodeSpeed, type SpeedEstimate } from './estimate-speed.js';
export {
  DEVICE_MEMORY_SHARE,
  deviceMemoryProblem,
  gpuBufferProblem,
  storageProblem,
  WASM32_MEMORY_BYTES,
  wasmMemoryProblem,
} from './fit.js';
export { recommendModel, TARGET_TOKENS_PER_SECOND, type Recommendation, type RecommendOptions } from './recommend-model.js';
export type * from './types.js';
export { wasmThreadCount } from './wasm-threads.js';
