/**
 * The WebGPU device onnxruntime-web runs on, and how to tell that an error
 * came from losing it.
 */
import { env } from '@huggingface/transformers';

interface GpuDeviceLike {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
}

/** ORT's WebGPU device, once a WebGPU session exists. */
export async function currentGpuDevice(): Promise<GpuDeviceLike | undefined> {
  const webgpu = env.backends.onnx.webgpu as { device?: Promise<GpuDeviceLike> } | undefined;
  try {
    return (await webgpu?.device) ?? undefined;
  } catch {
    return undefined;
  }
}

/** True when an error message reads like a lost or destroyed GPU device. */
export function looksLikeDeviceLoss(error: unknown): boolean {
  const message = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /device (was |is )?lost|lost device|destroyed|GPUDevice|mapAsync|OperationError/i.test(message);
}

/**
 * Whether the device reports itself lost within `ms`. After a loss, ORT's
 * errors name a failed buffer or run, not the device; the device's own
 * `lost` promise is the reliable signal, and it settles a moment later.
 */
export async function deviceLostWithin(ms: number): Promise<string | undefined> {
  const device = await currentGpuDevice();
  if (!device) return undefined;
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms));
  const info = await Promise.race([device.lost, timeout]);
  return info ? info.message || info.reason || 'device lost' : undefined;
}
