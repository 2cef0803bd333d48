import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../../src/engine/failure-kind.js';

describe('runtime failures: only GPU evidence means DEVICE_LOST', () => {
  it('calls an ordinary bug on WebGPU INTERNAL', () => {
    for (const error of [new RangeError('Maximum call stack size exceeded'), new TypeError("Cannot read properties of undefined (reading 'dims')"), 'oops']) {
      expect(classifyFailure({ device: 'webgpu', error, deviceLost: undefined })).toBe('INTERNAL');
    }
  });

  it('calls a lost device DEVICE_LOST, whatever the error says', () => {
    expect(classifyFailure({ device: 'webgpu', error: new Error('failed to call OrtRun(). ERROR_CODE: 1'), deviceLost: 'Device was destroyed.' })).toBe('DEVICE_LOST');
  });

  it('recognises WebGPU error kinds', () => {
    class GPUOutOfMemoryError extends Error {}
    expect(classifyFailure({ device: 'webgpu', error: new GPUOutOfMemoryError('out of memory'), deviceLost: undefined })).toBe('DEVICE_LOST');
    const mapFailed = Object.assign(new Error('Failed to execute mapAsync on GPUBuffer'), { name: 'OperationError' });
    expect(classifyFailure({ device: 'webgpu', error: mapFailed, deviceLost: undefined })).toBe('DEVICE_LOST');
  });

  it('never calls a WASM failure a GPU failure', () => {
    expect(classifyFailure({ device: 'wasm', error: new Error('std::bad_alloc'), deviceLost: undefined })).toBe('INTERNAL');
  });
});
