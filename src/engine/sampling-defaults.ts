/**
 * Sampling settings per mode, from the Qwen3 model card: thinking — 0.6 /
 * 0.95 / 20 / 0; non-thinking — 0.7 / 0.8 / 20 / 0 (temperature / top-p /
 * top-k / min-p). Any of them can be overridden per request.
 */
import type { SamplingSettings } from '../core/sampling/sample-token.js';
import type { ChatRequest } from '../protocol.js';

/** Resolved settings of one reply. */
export interface ResolvedSampling extends SamplingSettings {
  presencePenalty: number;
  seed: number;
}

/** The model card's recommendations. */
export const SAMPLING_DEFAULTS = {
  thinking: { temperature: 0.6, topP: 0.95, topK: 20, minP: 0 },
  nonThinking: { temperature: 0.7, topP: 0.8, topK: 20, minP: 0 },
} as const;

/** Fills in the mode's defaults; without a seed, a random one. */
export function resolveSampling(options: ChatRequest, thinking: boolean): ResolvedSampling {
  const base = thinking ? SAMPLING_DEFAULTS.thinking : SAMPLING_DEFAULTS.nonThinking;
  return {
    temperature: options.temperature ?? base.temperature,
    topP: options.topP ?? base.topP,
    topK: options.topK ?? base.topK,
    minP: options.minP ?? base.minP,
    presencePenalty: options.presencePenalty ?? 0,
    seed: options.seed ?? Math.floor(Math.random() * 2 ** 32),
  };
}
