/**
 * The page the browser tests drive. It uses the SDK exactly as an app would
 * and exposes small helpers on `window` for `page.evaluate`.
 */
import {
  clearCache,
  createQwen3Client,
  deleteCachedModel,
  hasCachedModel,
  isStoragePersisted,
  listCachedModels,
  Qwen3Error,
  type ChatEvent,
  type ChatMessage,
  type ChatOptions,
  type EngineStatusEvent,
  type LoadOptions,
  type LoadProgress,
  type Qwen3Client,
} from '../../../src/index.js';

/** A failure as the tests see it. */
export interface HarnessError {
  code: string;
  message: string;
  isQwen3Error: boolean;
  details?: Record<string, unknown>;
  stack?: string;
}

/** What a chat helper call returns. */
export interface ChatRun {
  events: ChatEvent[];
  /** Animation frames seen while the reply streamed. */
  frames: number;
  error?: HarnessError;
}

function describe(error: unknown): HarnessError {
  if (Qwen3Error.isInstance(error)) {
    return {
      code: error.code,
      message: error.message,
      isQwen3Error: true,
      ...(error.details ? { details: error.details } : {}),
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  return { code: 'NOT_A_QWEN3_ERROR', message: String(error), isQwen3Error: false };
}

let frames = 0;
const tick = (): void => {
  frames++;
  requestAnimationFrame(tick);
};
requestAnimationFrame(tick);

let client: Qwen3Client | undefined;
/** Engine status events seen by the current client. */
const statusEvents: EngineStatusEvent[] = [];

function newClient(): Qwen3Client {
  // `?shared` puts the engine in the origin's shared worker (shared-engine.spec.ts).
  const created = createQwen3Client({ shared: new URLSearchParams(location.search).has('shared') });
  created.onStatus((event) => statusEvents.push(event));
  return created;
}
let pendingLoad: { controller: AbortController; progress: LoadProgress[]; result: Promise<{ loaded?: unknown; error?: HarnessError; progress: LoadProgress[] }> | undefined } | undefined;

const harness = {
  /** Creates (or re-creates) the client. */
  create(): void {
    client?.dispose();
    client = newClient();
  },
  client(): Qwen3Client {
    if (!client) client = newClient();
    return client;
  },
  statusEvents,
  /** Loads; returns the loaded model or the error, and the progress seen. */
  async load(options: Omit<LoadOptions, 'onProgress' | 'signal'> & { abortAfterMs?: number }) {
    const progress: LoadProgress[] = [];
    const controller = new AbortController();
    const { abortAfterMs, ...rest } = options;
    if (abortAfterMs !== undefined) setTimeout(() => controller.abort(), abortAfterMs);
    try {
      const loaded = await harness.client().load({ ...rest, signal: controller.signal, onProgress: (p) => progress.push(p) });
      return { loaded, progress };
    } catch (error) {
      return { error: describe(error), progress };
    }
  },
  /** Starts a load that `abortLoad()` aborts and awaits. */
  startLoad(options: Omit<LoadOptions, 'onProgress' | 'signal'>): void {
    pendingLoad = { controller: new AbortController(), progress: [], result: undefined };
    const pending = pendingLoad;
    pending.result = harness
      .client()
      .load({ ...options, signal: pending.controller.signal, onProgress: (p) => pending.progress.push(p) })
      .then((loaded) => ({ loaded, progress: pending.progress }), (error: unknown) => ({ error: describe(error), progress: pending.progress }));
  },
  /** Awaits the load `startLoad()` started. */
  async finishLoad(): Promise<{ loaded?: unknown; error?: HarnessError; progress: LoadProgress[] }> {
    if (!pendingLoad?.result) throw new Error('no load started');
    return pendingLoad.result;
  },
  async abortLoad(): Promise<{ loaded?: unknown; error?: HarnessError; progress: LoadProgress[] }> {
    if (!pendingLoad?.result) throw new Error('no load started');
    pendingLoad.controller.abort();
    return pendingLoad.result;
  },
  /**
   * Streams a reply and collects its events. `abortAfter` aborts once that
   * many delta events arrived (of `abortOn` kind, default any delta).
   */
  async chat(
    messages: ChatMessage[],
    options: Omit<ChatOptions, 'signal'> = {},
    control: { abortAfter?: number; abortOn?: 'text-delta' | 'reasoning-delta'; loseDeviceAfter?: number } = {},
  ): Promise<ChatRun> {
    const events: ChatEvent[] = [];
    const controller = new AbortController();
    const framesBefore = frames;
    let deltas = 0;
    try {
      for await (const event of harness.client().chat(messages, { ...options, signal: controller.signal })) {
        events.push(event);
        const isDelta = event.type === 'text-delta' || event.type === 'reasoning-delta';
        if (isDelta && (control.abortOn === undefined || control.abortOn === event.type)) deltas++;
        if (control.abortAfter !== undefined && deltas >= control.abortAfter) controller.abort();
        if (control.loseDeviceAfter !== undefined && deltas === control.loseDeviceAfter) {
          void harness.client().simulateDeviceLoss();
        }
      }
      return { events, frames: frames - framesBefore };
    } catch (error) {
      return { events, frames: frames - framesBefore, error: describe(error) };
    }
  },
  describe,
  /** The cache management API, as an app calls it from the main thread. */
  cache: { list: listCachedModels, has: hasCachedModel, delete: deleteCachedModel, clear: clearCache, persisted: isStoragePersisted },
  /** Last-position logits as a plain array (for comparing runs). */
  async logits(text: string): Promise<number[]> {
    return [...(await harness.client().inspectLogits(text)).logits];
  },
};

declare global {
  interface Window {
    harness: typeof harness;
  }
}
window.harness = harness;
document.getElementById('status')!.textContent = 'ready';
