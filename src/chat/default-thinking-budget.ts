/**
 * The chat's default thinking budget, chosen from what reasoning costs on
 * this device: the largest budget-slider step the model can reason through
 * in about {@link REASONING_SECONDS} seconds at its decode speed. The speed
 * is estimated when the model loads (`estimateDecodeSpeed`: model size,
 * device, WASM threads) and then measured by every reply. So a fast GPU
 * thinks longer than a 2-core laptop on WASM, and the reply reaches its
 * answer in about the same time on both.
 */
import { estimateDecodeSpeed } from '../capabilities/estimate-speed.js';
import { wasmThreadCount } from '../capabilities/wasm-threads.js';
import { findModel } from '../registry/models.js';
import type { ModelDtype } from '../registry/types.js';
import type { LoadedModel } from '../types.js';
import { THINKING_BUDGET_STEPS } from './thinking-budget-steps.js';

/**
 * How long the reasoning may take by default: 20 s. Long enough for a real
 * chain of thought (Qwen3 reasons well in a few hundred tokens), short enough
 * that a user waiting for the answer is not left staring at "Thinking…".
 */
export const REASONING_SECONDS = 20;

/** The smallest default budget: below 128 tokens the reasoning is too short to help the answer. */
export const MIN_DEFAULT_THINKING_BUDGET = 128;

/**
 * The budget before anything is known about the device: the step that keeps
 * Qwen3-0.6B's reasoning near 20 s on a typical laptop GPU (~30 tokens/s).
 * Shown on the slider until the model loads, when the estimate replaces it.
 */
export const FALLBACK_THINKING_BUDGET = 512;

/**
 * The largest finite slider step reached in {@link REASONING_SECONDS} at
 * `tokensPerSecond`, at least {@link MIN_DEFAULT_THINKING_BUDGET}.
 *
 * @example
 * ```ts
 * thinkingBudgetForSpeed(30); // 512 (600 tokens in 20 s)
 * thinkingBudgetForSpeed(5); // 128
 * ```
 */
export function thinkingBudgetForSpeed(tokensPerSecond: number, steps: readonly number[] = THINKING_BUDGET_STEPS): number {
  if (!(tokensPerSecond > 0) || !Number.isFinite(tokensPerSecond)) return FALLBACK_THINKING_BUDGET;
  const affordable = tokensPerSecond * REASONING_SECONDS;
  const finite = steps.filter((step) => Number.isFinite(step) && step >= MIN_DEFAULT_THINKING_BUDGET);
  let budget = finite[0] ?? MIN_DEFAULT_THINKING_BUDGET;
  for (const step of finite) if (step <= affordable) budget = step;
  return budget;
}

/**
 * The estimated decode speed of a loaded model on this page's device, or
 * `undefined` for a model the registry does not know.
 */
export function estimatedTokensPerSecond(loaded: LoadedModel): number | undefined {
  const model = findModel(loaded.model);
  if (!model) return undefined;
  const scope = globalThis as { navigator?: { hardwareConcurrency?: number }; crossOriginIsolated?: boolean };
  const wasmThreads = wasmThreadCount(scope.navigator?.hardwareConcurrency, scope.crossOriginIsolated === true);
  // The adapter is not known on this side without an async probe: a WebGPU
  // load is estimated as a typical integrated GPU.
  return estimateDecodeSpeed(model, loaded.dtype as ModelDtype, loaded.device, { wasmThreads, webgpu: null }).tokensPerSecond;
}
