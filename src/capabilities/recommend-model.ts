/**
 * Picks the largest registry model this browser can run well: it must load
 * on the device `auto` would choose (GPU buffer limits, the WASM heap), fit
 * the site's free storage, take at most half the reported device memory, and
 * decode fast enough to chat with (see `estimate-speed.ts`).
 */
import { Qwen3Error } from '../errors.js';
import { DEFAULT_CONTEXT_BUDGET, estimateMemory, type MemoryEstimate } from '../registry/memory.js';
import { MODEL_REGISTRY } from '../registry/models.js';
import type { ModelDtype, ModelInfo, ThinkingMode } from '../registry/types.js';
import { parameterCount } from '../registry/weight-bytes.js';
import { chooseDevice } from './choose-device.js';
import { chooseDtype } from './choose-dtype.js';
import { estimateDecodeSpeed } from './estimate-speed.js';
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
  /**
   * The slowest estimated decode speed worth chatting at, tokens per second.
   * Default {@link TARGET_TOKENS_PER_SECOND}. A larger model below it loses
   * to a smaller one above it.
   */
  minTokensPerSecond?: number;
}

/**
 * 8 tokens/s: a little faster than people read (about 4–5 words, so 6
 * tokens, per second), so a streamed answer never keeps the reader waiting,
 * and a 256-token reasoning takes about half a minute.
 */
export const TARGET_TOKENS_PER_SECOND = 8;

/** What {@link recommendModel} returns: ready to pass to `load()`. */
export interface Recommendation {
  model: ModelInfo;
  device: 'webgpu' | 'wasm';
  dtype: ModelDtype;
  memory: MemoryEstimate;
  /** Estimated decode speed on this device, tokens per second (see `estimateDecodeSpeed`). */
  tokensPerSecond: number;
  /** Why this model, in a sentence or two: what it needs, how fast it should run, what was passed over. */
  reason: string;
}

/** A model that fits, with its estimated speed. */
interface Candidate {
  model: ModelInfo;
  device: 'webgpu' | 'wasm';
  dtype: ModelDtype;
  tokensPerSecond: number;
  basis: string;
}

/** A model that did not fit, and why. */
interface Rejection {
  model: string;
  device: 'webgpu' | 'wasm';
  reason: string;
  storage: boolean;
}

/**
 * The largest model that fits and is fast enough, with the device and dtype
 * to load it with. "Fast enough" is an estimated decode speed of at least
 * `minTokensPerSecond` (8 by default): on a 2-core machine without WebGPU,
 * Qwen3-1.7B fits in the WASM heap but would decode at about 2 tokens/s, so
 * the 0.6B is recommended. When no model reaches the target, the fastest
 * one that fits is recommended, and `reason` says so. Among models of one
 * size the registry's order decides (the hybrid-thinking Qwen3 before its
 * 2507 variants). When WebGPU is usable but no model fits its buffers, WASM is
 * tried next.
 *
 * @throws Qwen3Error `QUOTA_EXCEEDED` when storage is what rules out even the
 *   smallest model, else `UNSUPPORTED`; `details.rejected` lists every reason.
 *
 * @example
 * ```ts
 * import { createQwen3Client, detectCapabilities, recommendModel } from 'qwen3-web';
 * const { model, device, dtype, reason } = recommendModel(await detectCapabilities());
 * console.log(reason);
 * await createQwen3Client().load({ model: model.id, device, dtype });
 * ```
 */
export function recommendModel(caps: Capabilities, options: RecommendOptions = {}): Recommendation {
  const contextTokens = options.contextTokens ?? DEFAULT_CONTEXT_BUDGET;
  const target = options.minTokensPerSecond ?? TARGET_TOKENS_PER_SECOND;
  const models = (options.models ?? MODEL_REGISTRY)
    .filter((model) => !model.testModel && (options.thinking === undefined || model.thinking === options.thinking))
    .map((model, index) => ({ model, index, size: parameterCount(model.architecture) }))
    .sort((a, b) => b.size - a.size || a.index - b.index)
    .map(({ model }) => model);
  const first = chooseDevice('auto', caps);
  const devices: Array<'webgpu' | 'wasm'> = first === 'webgpu' ? ['webgpu', 'wasm'] : ['wasm'];
  const rejected: Rejection[] = [];
  const tooSlow: Candidate[] = [];
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
      if (storage !== undefined || memory !== undefined) {
        rejected.push({ model: model.id, device, reason: storage ?? memory!, storage: storage !== undefined });
        continue;
      }
      const speed = estimateDecodeSpeed(model, dtype, device, caps);
      const candidate: Candidate = { model, device, dtype, tokensPerSecond: speed.tokensPerSecond, basis: speed.basis };
      if (speed.tokensPerSecond >= target) return recommendation(candidate, contextTokens, target, tooSlow);
      tooSlow.push(candidate);
    }
  }
  if (tooSlow.length > 0) {
    const fastest = tooSlow.reduce((best, candidate) => (candidate.tokensPerSecond > best.tokensPerSecond ? candidate : best));
    return recommendation(fastest, contextTokens, target, tooSlow.filter((candidate) => candidate !== fastest));
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

const DEVICE_NAMES = { webgpu: 'WebGPU', wasm: 'WASM' } as const;

/** The pick, with a reason naming its speed and the larger models passed over as too slow. */
function recommendation(pick: Candidate, contextTokens: number, target: number, slower: readonly Candidate[]): Recommendation {
  const memory = estimateMemory(pick.model, pick.dtype, contextTokens);
  const speed = `an estimated ${formatSpeed(pick.tokensPerSecond)} tokens/s (${pick.basis})`;
  const where = `as ${pick.dtype} on ${DEVICE_NAMES[pick.device]}`;
  let reason =
    pick.tokensPerSecond >= target
      ? `${pick.model.label} ${where}: the largest model that fits this device and decodes at ${target} tokens/s or more, at ${speed}.`
      : `No model that fits reaches ${target} tokens/s here; ${pick.model.label} ${where} is the fastest, at ${speed}.`;
  const passedOver = slower.filter((candidate) => parameterCount(candidate.model.architecture) > parameterCount(pick.model.architecture));
  const seen = new Set<string>();
  const skipped = passedOver.filter((candidate) => !seen.has(candidate.model.label) && seen.add(candidate.model.label));
  if (skipped.length > 0) {
    const list = skipped.map((candidate) => `${candidate.model.label} would fit but decode at about ${formatSpeed(candidate.tokensPerSecond)} tokens/s`);
    reason += ` ${list.join('; ')}.`;
  }
  return { model: pick.model, device: pick.device, dtype: pick.dtype, memory, tokensPerSecond: pick.tokensPerSecond, reason };
}

function formatSpeed(tokensPerSecond: number): string {
  return tokensPerSecond >= 10 ? String(Math.round(tokensPerSecond)) : tokensPerSecond.toFixed(1);
}
