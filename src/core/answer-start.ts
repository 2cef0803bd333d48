/**
 * Where a reply's answer begins, from the tokens generated so far: at the
 * first token when the reply starts in its answer (thinking off), else after
 * the model's `</think>`. Tool choices and JSON answers both act from there,
 * and like the thinking budget (thinking-budget.ts) the decision is a pure
 * function of the tokens, so it stays right after an abort or a reused cache.
 */

/**
 * The index in `generated` of the answer's first token, or `undefined` while
 * the reply is still reasoning.
 *
 * @param startsInAnswer Whether the reply starts in its answer (thinking off).
 * @param thinkEndId The id of `</think>`.
 */
export function answerStartIn(generated: readonly number[], startsInAnswer: boolean, thinkEndId: number): number | undefined {
  if (startsInAnswer) return 0;
  const closedAt = generated.indexOf(thinkEndId);
  return closedAt < 0 ? undefined : closedAt + 1;
}

/**
 * The token that must come next when the answer is made to begin with
 * `forced`, or `undefined` when the model is free.
 */
export function forcedAnswerTokenAt(generated: readonly number[], startsInAnswer: boolean, thinkEndId: number, forced: readonly number[]): number | undefined {
  const from = answerStartIn(generated, startsInAnswer, thinkEndId);
  if (from === undefined) return undefined;
  const step = generated.length - from;
  return step < forced.length ? forced[step] : undefined;
}
