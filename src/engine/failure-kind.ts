/**
 * Which runtime failures are GPU failures. Only evidence counts: the WebGPU
 * device reporting itself lost, or an error of WebGPU's own kinds. Anything
 * else (a `TypeError`, a `RangeError`, a failed WASM allocation) is an
 * ordinary failure: reported as `INTERNAL`, with no move off the GPU.
 */

/** The evidence about one failure. */
export interface FailureEvidence {
  device: 'webgpu' | 'wasm';
  error: unknown;
  /** The device's `lost` message, when its `lost` promise settled. */
  deviceLost: string | undefined;
}

/**
 * WebGPU's error classes (`GPUValidationError`, `GPUOutOfMemoryError`,
 * `GPUInternalError`, `GPUPipelineError`) and what ORT's WebGPU backend
 * writes when the device goes away under it (a lost or destroyed device, a
 * failed `mapAsync`, which rejects with an `OperationError`).
 */
const GPU_ERROR = /\bGPU\w*Error\b|device (was |is )?lost|lost device|device .*destroyed|destroyed device|GPUDevice|GPUBuffer|mapAsync|OperationError/i;

/** `DEVICE_LOST` for a GPU failure, `INTERNAL` for anything else. */
export function classifyFailure(evidence: FailureEvidence): 'DEVICE_LOST' | 'INTERNAL' {
  if (evidence.device !== 'webgpu') return 'INTERNAL';
  if (evidence.deviceLost !== undefined) return 'DEVICE_LOST';
  return GPU_ERROR.test(describe(evidence.error)) ? 'DEVICE_LOST' : 'INTERNAL';
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name} ${error.constructor?.name ?? ''} ${error.message}`;
  if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    return `${String(name ?? '')} ${String(message ?? '')}`;
  }
  return String(error);
}
