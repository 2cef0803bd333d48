/**
 * `contextOverflow: 'drop-oldest'`: which whole turns to leave out so that a
 * conversation and its reply fit the context window, as Chrome's Prompt API
 * drops the oldest turns of a session when its context overflows.
 *
 * A turn is a user message and everything after it up to the next user
 * message (the reply, any tool messages). System messages and the turn being
 * answered are never dropped, and a turn is dropped whole or not at all, so
 * the model never sees a reply without its question.
 */
import { ANSWER_TOKENS, defaultMaxNewTokens } from '../core/token-allowance.js';
import type { ChatMessage } from '../types.js';

/**
 * The droppable turns, oldest first, as indices into `messages`. Messages
 * before the first user message (an assistant's greeting) form a turn of
 * their own.
 */
export function droppableTurns(messages: readonly ChatMessage[]): number[][] {
  const lastUser = messages.findLastIndex((message) => message.role === 'user');
  const end = lastUser >= 0 ? lastUser : messages.length - 1;
  const turns: number[][] = [];
  let current: number[] | undefined;
  for (let i = 0; i < end; i++) {
    const message = messages[i]!;
    if (message.role === 'system') continue;
    if (message.role === 'user' || !current) turns.push((current = []));
    current.push(i);
  }
  return turns;
}

/**
 * Tokens kept free for the reply when trimming: the request's `maxNewTokens`,
 * or the default for its thinking mode (the thinking budget, the forced
 * stop-thinking tokens and room for the answer; {@link ANSWER_TOKENS} when
 * the reasoning is unlimited) — never more than half the window, so a long
 * budget does not empty a small context of everything but the question.
 */
export function replyReserve(maxNewTokens: number | undefined, thinkingBudget: number, thinking: boolean, contextWindow: number): number {
  const unlimited = thinking && !Number.isFinite(thinkingBudget) && thinkingBudget !== 0;
  const wanted = maxNewTokens ?? (unlimited ? ANSWER_TOKENS : defaultMaxNewTokens(thinkingBudget, thinking));
  return Math.max(1, Math.min(wanted, Math.floor(contextWindow / 2)));
}

/** What {@link trimToFit} kept. */
export interface TrimResult {
  /** The rendered prompt of what was kept. */
  ids: number[];
  /** The messages kept, in order. */
  kept: ChatMessage[];
  /** Indices of the messages left out, oldest first (empty when nothing was dropped). */
  dropped: number[];
  droppedTurns: number;
  /** Prompt tokens of the whole conversation, before any was left out. */
  originalTokens: number;
}

/**
 * Leaves out the fewest oldest turns with which the prompt plus `reserve`
 * fits `contextWindow`. When even dropping every droppable turn leaves less
 * than `reserve`, it keeps that shortest prompt (the reply is then capped by
 * the context), and the caller decides whether the prompt fits at all.
 * Rendering is monotone in the turns dropped, so a binary search renders the
 * template O(log turns) times, not once per turn.
 */
export function trimToFit(
  messages: readonly ChatMessage[],
  render: (messages: readonly ChatMessage[]) => number[],
  contextWindow: number,
  reserve: number,
): TrimResult {
  const turns = droppableTurns(messages);
  const rendered = new Map<number, TrimResult>();
  const withoutOldest = (count: number): TrimResult => {
    let result = rendered.get(count);
    if (!result) {
      const dropped = new Set(turns.slice(0, count).flat());
      const kept = messages.filter((_, i) => !dropped.has(i));
      const ids = render(kept);
      result = { ids, kept, dropped: [...dropped], droppedTurns: count, originalTokens: count === 0 ? ids.length : withoutOldest(0).originalTokens };
      rendered.set(count, result);
    }
    return result;
  };
  const fits = (count: number): boolean => withoutOldest(count).ids.length + reserve <= contextWindow;
  if (fits(0) || turns.length === 0) return withoutOldest(0);
  let low = 1;
  let high = turns.length;
  if (!fits(high)) return withoutOldest(high);
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (fits(middle)) high = middle;
    else low = middle + 1;
  }
  return withoutOldest(low);
}
