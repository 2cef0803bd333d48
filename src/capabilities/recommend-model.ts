/**
 * Picks the largest registry model this browser can run well: it must load
 * on the device `auto` would choose (GPU buffer limits, the WASM heap), fit
 * the site's free storage, and take at most half the reported device memory.
 */
import { Qwen3Error } from '../errors.js';
import { DEFAULT_CONTEXT_BUDGET, estimateMemory, type MemoryEstimate } from '../registry/memory.js';
import { MODEL_REGISTRY } from '../registry/models.js';
import type { ModelDtype, ModelInfo, ThinkingMode } from '../registry/types.js';
import { parameterCount } from '../registry/weight-bytes.js';
import { chooseDevice } from './choose-device.js';
import { chooseDtype } from './choose-dtype.js';
import { deviceMemoryProblem, storageProblem } from './fit.js';
import type { Capabilities } from './types.js';

/** Options of {@link recommendModel}. */
export interface RecommendOptions {
  /** Tokens of KV cache to budget for. Default {@link DEFAULT_CONTEXT_BUDGET}. */
  contextTokens?: number;
  /** Only models with this thinking mode (e.g. `never` for an instruct model). Default: any. */
  thinking?: ThinkingMode;
  /** The models to choose from. Default: the registry. Test models are always skipped. */
  models?: readonly ModelInfo[];
}

/** What {@link recommendModel} returns: ready to pass to `load()`. */
export interface Recommendation {
  model: ModelInfo;
  device: 'webgpu' | 'wasm';
  dtype: ModelDtype;
  memory: MemoryEstimate;
}

/** A model that did not fit, and why. */
interface Rejection {
  model: string;
  device: 'webgpu' | 'wasm';
  reason: string;
  storage: boolean;
}

/**
 * The largest model that fits, with the device and dtype to load it with.
 * Among models of one size the registry's order decides (the hybrid-thinking
 * Qwen3 before its 2507 variants). When WebGPU is usable but no model fits
 * its buffers, WASM is tried next.
 *
 * @throws Qwen3Error `QUOTA_EXCEEDED` when storage is what rules out even the
 *   smallest model, else `UNSUPPORTED`; `details.rejected` lists every reason.
 *
 * @example
 * ```ts
 * import { createQwen3Client, detectCapabilities, recommendModel } from 'qwen3-web';
 * const { model, device, dtype } = recommendModel(await detectCapabilities());
 * await createQwen3Client().load({ model: model.id, device, dtype });
 * ```
 */
export function recommendModel(caps: Capabilities, options: RecommendOptions = {}): Recommendation {
  const contextTokens = options.contextTokens ?? DEFAULT_CONTEXT_BUDGET;
  const models = (options.models ?? MODEL_REGISTRY)
    .filter((model) => !model.testModel && (options.thinking === undefined || model.thinking === options.thinking))
    .map((model, index) => ({ model, index, size: parameterCount(model.architecture) }))
    .sort((a, b) => b.size - a.size || a.index - b.index)
    .map(({ model }) => model);
  const first = chooseDevice('auto', caps);
  const devices: Array<'webgpu' | 'wasm'> = first === 'webgpu' ? ['webgpu', 'wasm'] : ['wasm'];
  const rejected: Rejection[] = [];
  for (const device of devices) {
    for (const model of models) {
      let dtype: ModelDtype;
      try {
        dtype = chooseDtype('auto', device, caps, model, { contextTokens });
      } catch (error) {
        rejected.push({ model: model.id, device, reason: (error as Error).message, storage: false });
        continue;
      }
      const storage = storageProblem(model, dtype, caps.storage);
      const memory = deviceMemoryProblem(model, dtype, contextTokens, caps.deviceMemoryGiB);
      if (storage === undefined && memory === undefined) {
        return { model, device, dtype, memory: estimateMemory(model, dtype, contextTokens) };
      }
      rejected.push({ model: model.id, device, reason: storage ?? memory!, storage: storage !== undefined });
    }
  }
  const smallest = rejected.at(-1);
  if (smallest === undefined) {
    throw new Qwen3Error('INVALID_ARGUMENT', 'recommendModel() had no models to choose from: check the `models` and `thinking` options.');
  }
  const storageBound = smallest.storage;
  throw new Qwen3Error(
    storageBound ? 'QUOTA_EXCEEDED' : 'UNSUPPORTED',
    `No model fits this device: even the smallest, ${smallest.model}, does not (${smallest.reason}). ` +
      (storageBound
        ? 'Free up space for this site (clear cached models or other site data) or ask for persistent storage, then try again.'
        : 'Close other tabs to free memory, budget a shorter context (contextTokens), or use a browser with WebGPU.'),
    { details: { rejected: rejected.map(({ model, device, reason }) => ({ model, device, reason })) } },
  );
}
