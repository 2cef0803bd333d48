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
    answerTokens: finish.usage.completionTokens,
    totalMs: finish.timings.totalMs,
    usage: finish.usage,
    timings: finish.timings,
  };
}
