/**
 * Runs tasks one at a time in arrival order. Overlapping `chat()` calls are
 * queued, not rejected: a second message sent while the first reply streams
 * simply waits its turn.
 */
export class RequestQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it has settled. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
