/**
 * One tab's side of the shared engine (shared-engine.ts): the `EngineApi` a
 * private worker offers, over the engine every tab shares. The tab's request
 * ids are its own; here each becomes an id no other tab uses, so `abort`
 * stops this tab's request only. When the tab goes away — closed, crashed,
 * navigated — the Web Lock it holds for its lifetime is released, and what
 * it left running is stopped: a reply nobody reads must not keep the other
 * tabs waiting.
 */
import { Qwen3Error } from '../errors.js';
import type { ChatRequest, ChatSink, LoadRequest, LogitsReport, ProgressSink, SharedEngineApi } from '../protocol.js';
import type { ChatMessage, LoadedModel, WarmPrefixResult } from '../types.js';
import { whenReleased } from '../lifetime-lock.js';
import type { SharedEngine } from './shared-engine.js';

export class TabConnection implements SharedEngineApi {
  /** This tab's request ids, as the engine knows them. */
  private readonly running = new Map<number, number>();
  private abortLoadWait: ((error: Qwen3Error) => void) | undefined;
  private gone = false;
  /** Settles when the tab is gone: a call into its closed port would never answer. */
  private readonly left: Promise<void>;
  private leave = (): void => undefined;

  constructor(
    private readonly shared: SharedEngine,
    private readonly tab: number,
  ) {
    this.left = new Promise<void>((resolve) => {
      this.leave = resolve;
    });
  }

  watchTab(lockName: string): void {
    whenReleased(lockName, () => this.tabGone());
  }

  engineLock(): Promise<string> {
    return this.shared.lifetime;
  }

  load(request: LoadRequest, onProgress?: ProgressSink): Promise<LoadedModel> {
    this.abortLoadWait?.(new Qwen3Error('ABORTED', 'A newer load() from this tab replaced this one.'));
    const aborted = new Promise<never>((_, reject) => {
      this.abortLoadWait = reject;
    });
    aborted.catch(() => undefined);
    return this.shared.load(this.tab, request, onProgress, aborted);
  }

  abortLoad(): void {
    this.abortLoadWait?.(new Qwen3Error('ABORTED', 'The load was aborted.'));
  }

  chat(requestId: number, messages: ChatMessage[], options: ChatRequest, sink: ChatSink): Promise<void> {
    // The engine waits for each batch of events to be delivered; to a closed tab, nothing is.
    const deliver: ChatSink = (events) => (this.gone ? undefined : Promise.race([sink(events), this.left]));
    return this.tracked(requestId, (id) => this.shared.engine.chat(id, messages, options, deliver));
  }

  measureContextUsage(messages: ChatMessage[], options: ChatRequest): number {
    return this.shared.engine.measureContextUsage(messages, options);
  }

  warmPrefix(requestId: number, messages: ChatMessage[]): Promise<WarmPrefixResult> {
    return this.tracked(requestId, (id) => this.shared.engine.warmPrefix(id, messages));
  }

  abort(requestId: number): void {
    const id = this.running.get(requestId);
    if (id !== undefined) this.shared.engine.abort(id);
  }

  inspectLogits(text: string): Promise<LogitsReport> {
    return this.shared.engine.inspectLogits(text);
  }

  simulateDeviceLoss(): Promise<void> {
    return this.shared.engine.simulateDeviceLoss();
  }

  /** This tab is done with the model; the engine releases it when no tab uses it. */
  unload(): Promise<void> {
    return this.shared.release(this.tab);
  }

  ping(): true {
    return true;
  }

  private async tracked<T>(requestId: number, run: (id: number) => Promise<T>): Promise<T> {
    if (this.gone) throw new Qwen3Error('DISPOSED', 'This tab left the shared engine.');
    const id = this.shared.requestId();
    this.running.set(requestId, id);
    try {
      return await run(id);
    } finally {
      this.running.delete(requestId);
    }
  }

  private async tabGone(): Promise<void> {
    this.gone = true;
    this.leave();
    for (const id of this.running.values()) this.shared.engine.abort(id);
    this.abortLoad();
    await this.shared.release(this.tab);
  }
}
