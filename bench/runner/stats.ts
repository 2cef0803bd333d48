/** Small statistics over repeated measurements. */
import type { Spread } from '../shared/figures.js';

/** Median of `values` (mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median and best of `values`; `best` is the highest (for rates) or lowest (for times). */
export function spread(values: readonly number[], better: 'higher' | 'lower'): Spread {
  const best = values.length === 0 ? Number.NaN : better === 'higher' ? Math.max(...values) : Math.min(...values);
  return { median: median(values), best, values: [...values] };
}

/** `a / b`, or NaN when either is missing or b is 0. */
export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : Number.NaN;
}
