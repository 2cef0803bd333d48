/**
 * The streamer `generate()` calls once per step: it hands each new token to
 * the {@link ReplyBuilder} and passes the events on.
 */
import { BaseStreamer } from '@huggingface/transformers';
import type { ReplyBuilder } from '../core/reply-builder.js';
import type { ChatEvent } from '../types.js';

/** Feeds generated tokens (never the prompt) to a reply builder. */
export class ReplyStreamer extends BaseStreamer {
  private seenPrompt = false;

  constructor(
    private readonly builder: ReplyBuilder,
    private readonly emit: (events: ChatEvent[]) => void,
  ) {
    super();
  }

  override put(value: bigint[][]): void {
    // The first call carries the prompt.
    if (!this.seenPrompt) {
      this.seenPrompt = true;
      return;
    }
    for (const id of value[0] ?? []) {
      const events = this.builder.push(Number(id));
      if (events.length > 0) this.emit(events);
    }
  }

  override end(): void {}
}
