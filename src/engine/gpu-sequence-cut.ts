/**
 * Cuts a GPU-resident KV-cache tensor to its first positions without leaving
 * the GPU: a new buffer on onnxruntime's own device, filled with one
 * `copyBufferToBuffer` per (batch, head) row, wrapped as an onnxruntime
 * `gpu-buffer` tensor whose disposer destroys the buffer. `DynamicCache`
 * disposes such tensors like the ones onnxruntime returns, so nothing leaks;
 * and no byte crosses to the CPU, whatever the cache's size.
 */
import { env, Tensor } from '@huggingface/transformers';
import { Tensor as OrtTensor } from 'onnxruntime-web/webgpu';
import { planSequenceCut, type SequenceCutPlan } from './sequence-cut-plan.js';

/** The slice of the WebGPU API used here (the project's TypeScript has no WebGPU types). */
interface GpuBuffer {
  destroy(): void;
  mapAsync(mode: number): Promise<void>;
  getMappedRange(): ArrayBuffer;
}

interface GpuDevice {
  createBuffer(descriptor: { size: number; usage: number }): GpuBuffer;
  createCommandEncoder(): {
    copyBufferToBuffer(source: GpuBuffer, sourceOffset: number, target: GpuBuffer, targetOffset: number, size: number): void;
    finish(): unknown;
  };
  queue: { submit(commandBuffers: unknown[]): void };
}

/** `GPUBufferUsage` and `GPUMapMode` flags, as numbers. */
const MAP_READ = 0x1;
const COPY_SRC = 0x4;
const COPY_DST = 0x8;
const STORAGE = 0x80;
const MAP_MODE_READ = 0x1;

const ELEMENT_BYTES: Partial<Record<string, number>> = { float32: 4, float16: 2 };

/** The onnxruntime tensor inside a transformers.js tensor. */
interface OrtGpuTensor {
  gpuBuffer: GpuBuffer;
}

/**
 * The first `length` positions of `tensor` (`[batch, heads, sequence,
 * headDim]`, location `gpu-buffer`) as a new GPU tensor, or undefined when
 * this tensor cannot be cut on the GPU (no device, an element type other than
 * float32/float16, unaligned rows): the caller then reads it back. `tensor`
 * itself is left as it is, for the caller to dispose.
 */
export async function cutSequenceOnGpu(tensor: Tensor, length: number): Promise<Tensor | undefined> {
  const elementBytes = ELEMENT_BYTES[tensor.type];
  const device = await onnxruntimeDevice();
  if (elementBytes === undefined || !device) return undefined;
  const plan = planSequenceCut(tensor.dims, elementBytes, length);
  if (!plan) return undefined;
  const source = (tensor as unknown as { ort_tensor: OrtGpuTensor }).ort_tensor.gpuBuffer;
  const target = copyRanges(device, source, plan);
  const cut = OrtTensor.fromGpuBuffer(target as unknown as OrtTensor.GpuBufferType, {
    dataType: tensor.type as 'float32' | 'float16',
    dims: plan.dims,
    download: () => download(device, target, plan, tensor.type as 'float32' | 'float16'),
    dispose: () => target.destroy(),
  });
  return new (Tensor as unknown as new (ortTensor: OrtTensor) => Tensor)(cut);
}

/**
 * The device onnxruntime's WebGPU backend runs on: it publishes it as
 * `env.webgpu.device` when its first WebGPU session is created (a shared
 * nested object of transformers.js's `env.backends.onnx`).
 */
async function onnxruntimeDevice(): Promise<GpuDevice | undefined> {
  const webgpu = env.backends.onnx.webgpu as { device?: GpuDevice | Promise<GpuDevice> } | undefined;
  return (await webgpu?.device) ?? undefined;
}

/**
 * Queues the copies into a new buffer. The queue runs them after every
 * command onnxruntime submitted before (the run that wrote `source`), and
 * before anything that reuses `source` once the caller disposes it.
 */
function copyRanges(device: GpuDevice, source: GpuBuffer, plan: SequenceCutPlan): GpuBuffer {
  const target = device.createBuffer({ size: plan.bufferSize, usage: STORAGE | COPY_SRC | COPY_DST });
  const encoder = device.createCommandEncoder();
  for (const range of plan.ranges) encoder.copyBufferToBuffer(source, range.sourceOffset, target, range.targetOffset, range.size);
  device.queue.submit([encoder.finish()]);
  return target;
}

/** Reads the cut tensor back (for `getData()`), through a staging buffer as onnxruntime does. */
async function download(device: GpuDevice, buffer: GpuBuffer, plan: SequenceCutPlan, type: 'float32' | 'float16') {
  const staging = device.createBuffer({ size: plan.bufferSize, usage: MAP_READ | COPY_DST });
  try {
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(buffer, 0, staging, 0, plan.bufferSize);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(MAP_MODE_READ);
    const elements = plan.dims.reduce((product, dim) => product * dim, 1);
    const bytes = staging.getMappedRange().slice(0, elements * (ELEMENT_BYTES[type] ?? 4));
    // The typed array onnxruntime's own downloads give: float16 as Float16Array where the browser has it, else raw bits.
    const float16 = (globalThis as { Float16Array?: new (buffer: ArrayBuffer) => ArrayBufferView }).Float16Array ?? Uint16Array;
    return (type === 'float32' ? new Float32Array(bytes) : new float16(bytes)) as never;
  } finally {
    staging.destroy();
  }
}
