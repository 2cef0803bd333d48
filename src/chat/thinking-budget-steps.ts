/**
 * The positions of a thinking-budget slider: a few useful token counts on a
 * roughly doubling scale, and a last position meaning "unlimited".
 */

/** Budget values by slider position; the last one is `Infinity` (unlimited). */
export const THINKING_BUDGET_STEPS: readonly number[] = [0, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, Infinity];

/**
 * The slider position for a budget: the exact step, else the smallest step
 * above it (so a custom budget of 100 shows at 128, never below its value).
 *
 * @example
 * ```ts
 * budgetToStep(Infinity); // 10, the last position
 * ```
 */
export function budgetToStep(budget: number, steps: readonly number[] = THINKING_BUDGET_STEPS): number {
  const index = steps.findIndex((step) => step >= budget);
  return index === -1 ? steps.length - 1 : index;
}

/** The budget at a slider position (clamped to the ends). */
export function stepToBudget(index: number, steps: readonly number[] = THINKING_BUDGET_STEPS): number {
  const clamped = Math.min(steps.length - 1, Math.max(0, Math.round(index)));
  return steps[clamped] ?? Infinity;
}
