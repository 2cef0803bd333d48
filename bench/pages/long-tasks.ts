/**
 * Watches the main thread while a reply streams: long tasks (> 50 ms, from
 * the Long Tasks API) and animation frames, and renders text the way a chat
 * UI does — one appended text node per event, kept scrolled to the end.
 */
import type { LongTaskFigures } from '../shared/figures.js';

/** What a watch saw: the long-task figures without the run they belong to. */
export type MainThreadReport = Omit<LongTaskFigures, 'subject' | 'reply'>;

/** A running watch: `render()` for each piece of text, `stop()` for the report. */
export interface MainThreadWatch {
  render(text: string): void;
  stop(): Promise<MainThreadReport>;
}

/**
 * Runs `work` from a timer task of the page's own event loop. Work started
 * straight from `page.evaluate` runs inside the DevTools protocol's call,
 * which the Long Tasks API does not report: a main-thread generate loop that
 * froze the page for seconds showed no long task at all that way.
 */
export function inPageTask<T>(work: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    setTimeout(() => work().then(resolve, reject), 0);
  });
}

/** Starts observing long tasks and frames, and clears the output element. */
export function watchMainThread(output: HTMLElement): MainThreadWatch {
  const entries: PerformanceEntry[] = [];
  const startedAt = performance.now();
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ entryTypes: ['longtask'] });
  output.replaceChildren();
  let renders = 0;
  let frames = 0;
  let watching = true;
  const tick = (): void => {
    if (!watching) return;
    frames++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return {
    render(text) {
      renders++;
      output.append(document.createTextNode(text));
      output.scrollTop = output.scrollHeight;
    },
    async stop() {
      // Long-task entries are delivered after the task ends: let one more task run.
      await new Promise((resolve) => setTimeout(resolve, 100));
      watching = false;
      entries.push(...observer.takeRecords());
      observer.disconnect();
      const durations = entries.map((entry) => entry.duration);
      return {
        count: durations.length,
        totalMs: sum(durations),
        longestMs: Math.max(0, ...durations),
        blockingMs: sum(durations.map((ms) => Math.max(0, ms - 50))),
        renders,
        frames,
        tasks: entries.map((entry) => ({ startMs: entry.startTime - startedAt, durationMs: entry.duration })),
      };
    },
  };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
