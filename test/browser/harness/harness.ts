/**
 * The page the browser tests drive. It uses the SDK exactly as an app would
 * and exposes small helpers on `window` for `page.evaluate`.
 */
import { createQwen3Client, Qwen3Error, type ChatEvent, type ChatMessage, type ChatOptions, type LoadOptions, type LoadProgress, type Qwen3Client } from '../../../src/index.js';

/** A failure as the tests see it. */
export interface HarnessError {
  code: string;
  message: string;
  isQwen3Error: boolean;
  details?: Record<string, unknown>;
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
    return { code: error.code, message: error.message, isQwen3Error: true, ...(error.details ? { details: error.details } : {}) };
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

const harness = {
  /** Creates (or re-creates) the client. */
  create(): void {
    client?.dispose();
    client = createQwen3Client();
  },
  client(): Qwen3Client {
    if (!client) client = createQwen3Client();
    return client;
  },
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
  /**
   * Streams a reply and collects its events. `abortAfter` aborts once that
   * many delta events arrived (of `abortOn` kind, default any delta).
   */
  async chat(
    messages: ChatMessage[],
    options: Omit<ChatOptions, 'signal'> = {},
    control: { abortAfter?: number; abortOn?: 'text-delta' | 'reasoning-delta' } = {},
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
      }
      return { events, frames: frames - framesBefore };
    } catch (error) {
      return { events, frames: frames - framesBefore, error: describe(error) };
    }
  },
  describe,
};

declare global {
  interface Window {
    harness: typeof harness;
  }
}
window.harness = harness;
document.getElementById('status')!.textContent = 'ready';
