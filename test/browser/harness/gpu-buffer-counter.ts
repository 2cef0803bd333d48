/**
 * Counts the GPU buffers alive in this worker: every `GPUDevice.createBuffer`
 * adds its size, every first `GPUBuffer.destroy` takes it back. onnxruntime's
 * WebGPU backend (emscripten's Dawn bindings) calls these JS methods for each
 * buffer it allocates or frees, so the count covers the model's weights, its
 * pooled intermediates and every KV-cache tensor.
 *
 * The page asks for the counts over a BroadcastChannel (gpu-counts-protocol.ts),
 * beside the engine's comlink messages and without touching them.
 */
import { GPU_COUNTS_CHANNEL, type GpuBufferCounts, type GpuTestAnswer, type GpuTestQuery } from './gpu-counts-protocol.js';

interface BufferDescriptor {
  size: number;
}

interface Prototypes {
  GPUDevice: { prototype: { createBuffer(descriptor: BufferDescriptor): object } };
  GPUBuffer: { prototype: { destroy(): void } };
}

const live = new Map<object, number>();
const counts: GpuBufferCounts = { liveBytes: 0, liveBuffers: 0, created: 0, destroyed: 0 };

const { GPUDevice, GPUBuffer } = globalThis as unknown as Prototypes;
const createBuffer = GPUDevice.prototype.createBuffer;
const destroy = GPUBuffer.prototype.destroy;

GPUDevice.prototype.createBuffer = function (this: unknown, descriptor: BufferDescriptor) {
  const buffer = createBuffer.call(this, descriptor);
  live.set(buffer, descriptor.size);
  counts.created++;
  counts.liveBytes += descriptor.size;
  counts.liveBuffers++;
  return buffer;
};

GPUBuffer.prototype.destroy = function (this: object) {
  const size = live.get(this);
  // destroy() may be called twice on one buffer; only the first frees it.
  if (size !== undefined) {
    live.delete(this);
    counts.destroyed++;
    counts.liveBytes -= size;
    counts.liveBuffers--;
  }
  destroy.call(this);
};

const channel = new BroadcastChannel(GPU_COUNTS_CHANNEL);
channel.onmessage = (event: MessageEvent<GpuTestQuery | GpuTestAnswer>) => {
  if (event.data.type !== 'query') return;
  const answer: GpuTestAnswer = { type: 'counts', id: event.data.id, counts: { ...counts } };
  channel.postMessage(answer);
};
