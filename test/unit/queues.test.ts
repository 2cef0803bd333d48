import { describe, expect, it, vi } from 'vitest';
import { AsyncQueue } from '../../src/client/async-queue.js';
import { EventBatcher } from '../../src/engine/event-batcher.js';
import { ProgressTracker } from '../../src/engine/progress-tracker.js';
import { RequestQueue } from '../../src/engine/request-queue.js';
import type { ChatEvent } from '../../src/types.js';

describe('AsyncQueue', () => {
  it('delivers pushed items, then ends or fails', async () => {
    const queue = new AsyncQueue<number>();
    const first = queue.next();
    queue.push(1);
    queue.push(2);
    queue.fail(new Error('x'));
    await expect(first).resolves.toEqual({ value: 1, done: false });
    await expect(queue.next()).resolves.toEqual({ value: 2, done: false });
    await expect(queue.next()).rejects.toThrow('x');
  });
});

describe('RequestQueue', () => {
  it('runs tasks one at a time in order, even after a failure', async () => {
    const queue = new RequestQueue();
    const log: string[] = [];
    const task = (name: string, fail = false) => async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
    };
    await Promise.allSettled([queue.run(task('a', true)), queue.run(task('b'))]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('runs an idle task when nothing waits, and skips it when a request is queued behind it', async () => {
    const queue = new RequestQueue();
    const log: string[] = [];
    const idle = (name: string) => async () => void log.push(name);
    await expect(queue.runWhenIdle(idle('alone'))).resolves.toBe(true);

    const first = queue.run(async () => void log.push('request 1'));
    const skipped = queue.runWhenIdle(idle('skipped'));
    const second = queue.run(async () => void log.push('request 2'));
    await Promise.all([first, second]);
    await expect(skipped).resolves.toBe(false);
    expect(log).toEqual(['alone', 'request 1', 'request 2']);
  });

  it('tells a running idle task when a request arrives, and the request runs after it', async () => {
    const queue = new RequestQueue();
    const seen: boolean[] = [];
    let step!: () => void;
    const idle = queue.runWhenIdle(async (preempted) => {
      seen.push(preempted());
      await new Promise<void>((resolve) => (step = resolve));
      seen.push(preempted());
    });
    await Promise.resolve();
    await Promise.resolve();
    let requestRan = false;
    const request = queue.run(async () => {
      requestRan = true;
    });
    expect(requestRan).toBe(false);
    step();
    await Promise.all([idle, request]);
    expect(seen).toEqual([false, true]);
    expect(requestRan).toBe(true);
  });
});

describe('EventBatcher', () => {
  it('sends the first delta at once, then merges adjacent deltas into one delivery per interval', async () => {
    vi.useFakeTimers();
    const batches: ChatEvent[][] = [];
    const batcher = new EventBatcher((events) => void batches.push(events), 16);
    batcher.add([{ type: 'text-delta', text: 'first' }]);
    await Promise.resolve();
    expect(batches).toEqual([[{ type: 'text-delta', text: 'first' }]]);
    for (let i = 0; i < 50; i++) batcher.add([{ type: 'text-delta', text: String(i % 10) }]);
    batcher.add([{ type: 'reasoning-delta', text: 'r' }]);
    expect(batches).toHaveLength(1);
    vi.advanceTimersByTime(20);
    vi.useRealTimers();
    expect(batches).toHaveLength(2);
    expect(batches[1]).toEqual([
      { type: 'text-delta', text: '01234567890123456789012345678901234567890123456789' },
      { type: 'reasoning-delta', text: 'r' },
    ]);
  });
});

describe('ProgressTracker', () => {
  it('sums files, throttles reports, and reports ready at 1', () => {
    let now = 0;
    const reports: number[] = [];
    const tracker = new ProgressTracker((p) => reports.push(p.fraction), () => now, 100);
    tracker.update('a', 50, 100, 'download');
    now = 10;
    tracker.update('a', 60, 100, 'download'); // throttled
    tracker.update('b', 0, 100, 'download'); // throttled
    now = 200;
    tracker.update('b', 40, 100, 'download');
    tracker.setPhase('ready');
    expect(reports).toEqual([0.5, 0.5, 1]);
    expect(tracker.snapshot().files.map((f) => f.file)).toEqual(['a', 'b']);
  });
});
