/**
 * The page the capability tests drive: `detectCapabilities()` and the
 * decisions over it, on `window.capabilitiesHarness`. The same module also
 * runs as a worker (it spawns itself), to check detection inside a worker.
 */
import {
  chooseDevice,
  chooseDtype,
  detectCapabilities,
  recommendModel,
  type Capabilities,
} from '../../../src/capabilities/index.js';
import { Qwen3Error } from '../../../src/errors.js';
import { findModel } from '../../../src/registry/index.js';
import type { Device, Dtype } from '../../../src/types.js';

/** A decision's outcome as the tests see it: the value, or the error's code and message. */
type Outcome<T> = { value: T } | { code: string; message: string };

function outcome<T>(run: () => T): Outcome<T> {
  try {
    return { value: run() };
  } catch (error) {
    if (Qwen3Error.isInstance(error)) return { code: error.code, message: error.message };
    return { code: 'NOT_A_QWEN3_ERROR', message: String(error) };
  }
}

function model(id: string) {
  const found = findModel(id);
  if (!found) throw new Error(`${id} is not in the registry`);
  return found;
}

const capabilitiesHarness = {
  detect: (): Promise<Capabilities> => detectCapabilities(),
  /** What the page's own globals say, to compare with. */
  raw() {
    const nav = navigator as Navigator & { gpu?: unknown; deviceMemory?: number };
    return {
      hasGpu: nav.gpu !== undefined,
      hardwareConcurrency: nav.hardwareConcurrency,
      deviceMemory: nav.deviceMemory,
      crossOriginIsolated: globalThis.crossOriginIsolated,
    };
  },
  /** detectCapabilities() inside a module worker (this same module). */
  detectInWorker(): Promise<Capabilities> {
    const worker = new Worker(new URL('./capabilities-harness.ts', import.meta.url), { type: 'module' });
    return new Promise<Capabilities>((resolve, reject) => {
      worker.addEventListener('message', (event: MessageEvent<Capabilities>) => resolve(event.data), { once: true });
      worker.addEventListener('error', (event) => reject(new Error(event.message || 'worker failed')), { once: true });
      worker.postMessage('detect');
    }).finally(() => worker.terminate());
  },
  chooseDevice: (requested: Device, caps: Capabilities) => outcome(() => chooseDevice(requested, caps)),
  chooseDtype: (requested: Dtype, device: 'webgpu' | 'wasm', caps: Capabilities, modelId: string) =>
    outcome(() => chooseDtype(requested, device, caps, model(modelId))),
  recommend: (caps: Capabilities) =>
    outcome(() => {
      const pick = recommendModel(caps);
      return { model: pick.model.id, testModel: pick.model.testModel, device: pick.device, dtype: pick.dtype };
    }),
};

declare global {
  interface Window {
    capabilitiesHarness: typeof capabilitiesHarness;
  }
}

if (typeof window === 'undefined') {
  // Running as the worker: answer every message with this worker's capabilities.
  self.addEventListener('message', () => {
    void detectCapabilities().then((caps) => self.postMessage(caps));
  });
} else {
  window.capabilitiesHarness = capabilitiesHarness;
  document.getElementById('status')!.textContent = 'ready';
}
