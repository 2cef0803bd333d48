/**
 * One sampling step as the Qwen3 model card describes it: temperature, then
 * top-k, top-p and min-p, then a seeded draw.
 */
import { drawCandidate, filterMinP, filterTopP, softmaxOver, topKIds } from './candidates.js';

/** Sampling settings of one step; `temperature` 0 is greedy. */
export interface SamplingSettings {
  temperature: number;
  topK: number;
  topP: number;
  minP: number;
}

/** Picks the next token id from raw logits. */
export function sampleToken(logits: ArrayLike<number>, settings: SamplingSettings, random: () => number): number {
  if (settings.temperature === 0) return topKIds(logits, 1)[0]!;
  const ids = topKIds(logits, settings.topK);
  const candidates = filterMinP(filterTopP(softmaxOver(logits, ids, settings.temperature), settings.topP), settings.minP);
  return drawCandidate(candidates, random());
}
