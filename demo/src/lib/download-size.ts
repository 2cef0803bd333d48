/**
 * What a model would download here: the dtype `load()` would pick on this
 * device (or the one `?dtype=` asks for), and its size from the registry.
 */
import { chooseDevice, chooseDtype, type Capabilities, type Device, type Dtype, type ModelDtype, type ModelInfo } from 'qwen3-web';

/** A model's download on this device, or why it would not run. */
export type DownloadPlan =
  | { fits: true; dtype: ModelDtype; bytes: number | undefined; estimate: boolean }
  | { fits: false; reason: string };

/** Plans the download of `model` with the requested device and dtype. */
export function planDownload(model: ModelInfo, caps: Capabilities, device: Device, dtype: Dtype): DownloadPlan {
  try {
    const chosen = chooseDtype(dtype, chooseDevice(device, caps), caps, model);
    const size = model.sizes[chosen];
    return { fits: true, dtype: chosen, bytes: size?.bytes, estimate: size?.source === 'estimate' };
  } catch (error) {
    return { fits: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
