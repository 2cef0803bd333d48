/** The last reply's figures, as the UI shows them. */
import type { FinishEvent } from '../types.js';
import type { ReplyStats } from './types.js';

/** Derives {@link ReplyStats} from a `finish` event. */
export function replyStatsFrom(finish: FinishEvent): ReplyStats {
  return {
    reason: finish.reason,
    timeToFirstTokenMs: finish.timings.timeToFirstTokenMs,
    tokensPerSecond: finish.timings.decodeTokensPerSecond,
    reasoningTokens: finish.usage.reasoningTokens,
    // `completionTokens` counts every generated token, the reasoning included.
    answerTokens: Math.max(0, finish.usage.completionTokens - finish.usage.reasoningTokens),
    totalMs: finish.timings.totalMs,
    usage: finish.usage,
    timings: finish.timings,
  };
}
