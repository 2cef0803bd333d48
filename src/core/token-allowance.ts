/**
 * The default `maxNewTokens` of a reply, computed per request so that the
 * defaults never end a reply inside its reasoning: the thinking budget, the
 * stop-thinking instruction the budget forces, then room for the answer.
 * A fixed cap would either cut long reasoning before any answer (1,024 tokens
 * with an unlimited budget) or make the larger budgets meaningless.
 */

/** Room for the answer after the reasoning, in tokens: a long chat answer or a page of code. */
export const ANSWER_TOKENS = 2048;

/**
 * Tokens of the stop-thinking instruction the budget forces (25 with Qwen3's
 * tokenizer: `\n\nConsidering the limited time…\n</think>\n\n`), rounded up.
 */
export const STOP_THINKING_TOKENS = 32;

/**
 * The cap when the reasoning has no budget: the output length the Qwen3 model
 * card recommends for most queries. The engine clamps it to the context the
 * loaded model can hold, so in practice the context is the limit.
 */
export const UNLIMITED_REASONING_MAX_NEW_TOKENS = 32768;

/**
 * The default `maxNewTokens` for a reply.
 *
 * - thinking off (or a budget of 0): {@link ANSWER_TOKENS};
 * - thinking on with a finite budget: budget + {@link STOP_THINKING_TOKENS} + {@link ANSWER_TOKENS};
 * - thinking on with no budget (`Infinity`): {@link UNLIMITED_REASONING_MAX_NEW_TOKENS}.
 *
 * @param thinkingBudget Reasoning tokens allowed; `Infinity` for no limit.
 * @param thinking Whether this reply thinks.
 * @example
 * ```ts
 * defaultMaxNewTokens(1024, true); // 3104
 * defaultMaxNewTokens(1024, false); // 2048
 * ```
 */
export function defaultMaxNewTokens(thinkingBudget: number, thinking: boolean): number {
  if (!thinking || thinkingBudget === 0) return ANSWER_TOKENS;
  if (!Number.isFinite(thinkingBudget)) return UNLIMITED_REASONING_MAX_NEW_TOKENS;
  return thinkingBudget + STOP_THINKING_TOKENS + ANSWER_TOKENS;
}
