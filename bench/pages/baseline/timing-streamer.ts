/**
 * The bare loop's streamer: records when each generated token arrives and
 * hands its text on, with the SDK's timing definitions.
 */
import { BaseStreamer } from '@huggingface/transformers';
import type { ReplyFigures } from '../../shared/figures.js';

/** Records each generated token's time and hands its text on; skips the prompt. */
export class TimingStreamer extends BaseStreamer {
  firstAt: number | undefined;
  lastAt: number | undefined;
  count = 0;
  private seenPrompt = false;

  constructor(
    private readonly decode: (id: bigint) => string,
    private readonly onText: ((text: string) => void) | undefined,
  ) {
    super();
  }

  override put(value: bigint[][]): void {
    if (!this.seenPrompt) {
      this.seenPrompt = true;
      return;
    }
    for (const id of value[0] ?? []) {
      const now = performance.now();
      this.firstAt ??= now;
      this.lastAt = now;
      this.count++;
      // One token decoded alone: the cheapest text a bare loop can show.
      if (this.onText) this.onText(this.decode(id));
    }
  }

  override end(): void {}
}

/** When a bare reply started, for {@link timingFigures}. */
export interface ReplyStart {
  /** Before the chat template. */
  started: number;
  /** Just before `generate()`. */
  prefillStarted: number;
  promptTokens: number;
  maxNewTokens: number;
}

/** A reply's figures from its streamer, defined as the SDK's `finish` event defines them. */
export function timingFigures(streamer: TimingStreamer, start: ReplyStart): ReplyFigures {
  const end = performance.now();
  const first = streamer.firstAt ?? end;
  const last = streamer.lastAt ?? end;
  return {
    promptTokens: start.promptTokens,
    generatedTokens: streamer.count,
    timeToFirstTokenMs: first - start.started,
    prefillTokensPerSecond: first > start.prefillStarted ? (start.promptTokens * 1000) / (first - start.prefillStarted) : 0,
    decodeTokensPerSecond: last > first ? ((streamer.count - 1) * 1000) / (last - first) : 0,
    totalMs: end - start.started,
    // A caller on the main thread replaces this with what it saw.
    pageFirstTextMs: first - start.started,
    finishReason: streamer.count >= start.maxNewTokens ? 'length' : 'stop',
  };
}
