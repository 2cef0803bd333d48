/**
 * Qwen3's thinking budget (technical report §4.3): when the reasoning reaches
 * the budget without closing, the model is made to write a stop-thinking
 * instruction ending in `</think>`, then answers freely.
 *
 * The decision is a pure function of the tokens generated so far — no hidden
 * counter — so it stays right whatever happened before (an abort, a reused
 * cache) and can be checked in isolation.
 */

/** The text the model is made to write when its budget runs out. */
export const STOP_THINKING_TEXT =
  '\n\nConsidering the limited time by the user, I have to give the solution based on the thinking directly now.\n</think>\n\n';

/**
 * The token that must come next, or `undefined` when the model is free.
 *
 * @param generated Tokens generated so far in this reply, all inside the think block from the start.
 * @param budget Reasoning tokens allowed (`Infinity` = no cut).
 * @param forced The tokenized {@link STOP_THINKING_TEXT}.
 * @param thinkEndId The id of `</think>`.
 */
export function forcedTokenAt(
  generated: readonly number[],
  budget: number,
  forced: readonly number[],
  thinkEndId: number,
): number | undefined {
  if (!Number.isFinite(budget) || generated.length < budget) return undefined;
  // Closed on its own within the budget: nothing to force.
  const closedAt = generated.indexOf(thinkEndId);
  if (closedAt >= 0 && closedAt < budget) return undefined;
  const step = generated.length - budget;
  return step < forced.length ? forced[step] : undefined;
}
