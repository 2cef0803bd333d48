/**
 * Presence penalty (OpenAI's definition, which the Qwen3 model card uses):
 * every token already generated loses `penalty` from its logit once,
 * however often it appeared. Discourages the endless repetition small
 * models fall into.
 */

/** Applies the penalty in place over the tokens generated so far. */
export function applyPresencePenalty(logits: { [index: number]: number }, generated: Iterable<number>, penalty: number): void {
  if (penalty === 0) return;
  for (const id of new Set(generated)) logits[id] = logits[id]! - penalty;
}
