/**
 * The page's handle on the baseline: in a plain module worker (the fair
 * comparison with the SDK's worker) or on the main thread (to show what a
 * worker saves the page).
 */
import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { LongTaskFigures, ReplyFigures } from '../../shared/figures.js';
import { inPageTask, watchMainThread } from '../long-tasks.js';
import { BaselineEngine, type BaselineLoadRequest, type PlainMessage } from './engine.js';

/** A baseline engine in a worker, and what its start-up cost. */
export interface WorkerBaseline {
  engine: Remote<BaselineEngine>;
  /** From `new Worker()` to the first answer (module and transformers.js evaluated). */
  startMs: number;
  dispose(): void;
}

/** Spawns a fresh baseline worker. */
export async function spawnBaselineWorker(): Promise<WorkerBaseline> {
  const started = performance.now();
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'baseline' });
  const engine = wrap<BaselineEngine>(worker);
  await engine.ping();
  return {
    engine,
    startMs: performance.now() - started,
    dispose() {
      engine[releaseProxy]();
      worker.terminate();
    },
  };
}

/** Either placement, behind one shape. */
export interface BaselineHandle {
  load(request: BaselineLoadRequest): Promise<number>;
  generate(messages: PlainMessage[], maxNewTokens: number, onText?: (text: string) => void): Promise<ReplyFigures>;
  dispose(): void;
}

/** Wraps a worker baseline: callbacks cross as comlink proxies. */
export function workerHandle(baseline: WorkerBaseline): BaselineHandle {
  return {
    load: (request) => baseline.engine.load(request),
    generate: (messages, maxNewTokens, onText) => baseline.engine.generate(messages, maxNewTokens, onText ? proxy(onText) : undefined),
    dispose: () => baseline.dispose(),
  };
}

/** A baseline on the main thread. */
export function mainThreadHandle(): BaselineHandle {
  const engine = new BaselineEngine();
  return {
    load: (request) => engine.load(request),
    generate: (messages, maxNewTokens, onText) => engine.generate(messages, maxNewTokens, onText),
    dispose: () => void engine.dispose(),
  };
}

/** A reply timed from the page: `pageFirstTextMs` is when the first text reached the main thread. */
export async function baselineReply(handle: BaselineHandle, messages: PlainMessage[], maxNewTokens: number, onText?: (text: string) => void): Promise<ReplyFigures> {
  const started = performance.now();
  let firstText: number | undefined;
  const figures = await handle.generate(messages, maxNewTokens, (text) => {
    firstText ??= performance.now();
    onText?.(text);
  });
  return { ...figures, pageFirstTextMs: (firstText ?? performance.now()) - started };
}

/** Streams a reply into the DOM (one text node per token), watching the main thread. */
export async function baselineStreaming(
  handle: BaselineHandle,
  subject: 'baseline-worker' | 'baseline-main',
  prompt: string,
  maxNewTokens: number,
  output: HTMLElement,
): Promise<LongTaskFigures> {
  const watch = watchMainThread(output);
  const reply = await inPageTask(() => baselineReply(handle, [{ role: 'user', content: prompt }], maxNewTokens, (text) => watch.render(text)));
  return { subject, ...(await watch.stop()), reply };
}
