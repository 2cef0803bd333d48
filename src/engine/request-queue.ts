/**
 * Runs tasks one at a time in arrival order. Overlapping `chat()` calls are
 * queued, not rejected: a second message sent while the first reply streams
 * simply waits its turn.
 *
 * Idle tasks (the warm-up, the next turn's prefill) are work the engine does
 * while nobody waits for it: one that finds a request queued behind it when
 * its turn comes is skipped, and a running one can ask `preempted()` between
 * steps and stop early.
 */
export class RequestQueue {
  private tail: Promise<unknown> = Promise.resolve();
  /** Requests queued and not yet started. */
  private waiting = 0;

  /** Runs `task` after every task queued before it has settled. */
  run<T>(task: () => Promise<T>): Promise<T> {
    this.waiting += 1;
    return this.enqueue(() => {
      this.waiting -= 1;
      return task();
    });
  }

  /**
   * Queues work nobody waits for. It is skipped when a request is already
   * queued behind it as its turn comes; `preempted()` tells a running task
   * that one arrived since. Resolves to whether the task ran.
   */
  runWhenIdle(task: (preempted: () => boolean) => Promise<void>): Promise<boolean> {
    const preempted = (): boolean => this.waiting > 0;
    return this.enqueue(async () => {
      if (preempted()) return false;
      await task(preempted);
      return true;
    });
  }

  private enqueue<T>(start: () => Promise<T>): Promise<T> {
    const result = this.tail.then(start, start);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
