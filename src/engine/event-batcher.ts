/**
 * Batches chat events before they cross to the main thread: one message per
 * `intervalMs` instead of one per token, with adjacent deltas of the same
 * kind merged. A fast model then costs the page a handful of messages a
 * second, not hundreds.
 */
import type { ChatEvent } from '../types.js';

/** Collects events and delivers them in batches. */
export class EventBatcher {
  private pending: ChatEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private delivered = false;

  constructor(
    private readonly deliver: (events: ChatEvent[]) => void | Promise<void>,
    private readonly intervalMs = 16,
  ) {}

  /** Queues events; schedules a delivery. */
  add(events: ChatEvent[]): void {
    for (const event of events) {
      const last = this.pending.at(-1);
      if (last && (event.type === 'text-delta' || event.type === 'reasoning-delta') && last.type === event.type) {
        last.text += event.text;
      } else {
        this.pending.push({ ...event });
      }
    }
    // The first text goes out at once: batching must not delay the time to first token.
    if (!this.delivered) {
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  /** Delivers whatever is queued now. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.delivered = true;
    await this.deliver(batch);
  }
}
