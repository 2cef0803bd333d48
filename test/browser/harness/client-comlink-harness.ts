/**
 * A page with the SDK's client and an app's own comlink worker side by side,
 * as in an app that already uses comlink: the SDK's error transfer must
 * leave the app worker's errors as comlink delivers them.
 */
import { wrap } from 'comlink';
import { createQwen3Client, Qwen3Error } from '../../../src/index.js';
import type { AppWorkerApi } from './client-app-worker.js';

/** A rejection as the test sees it. */
interface Seen {
  isQwen3Error: boolean;
  isError: boolean;
  name: string | undefined;
  message: string | undefined;
  code: string | undefined;
  value: unknown;
}

function seen(error: unknown): Seen {
  const object = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  return {
    isQwen3Error: Qwen3Error.isInstance(error),
    isError: error instanceof Error,
    name: typeof object['name'] === 'string' ? object['name'] : undefined,
    message: typeof object['message'] === 'string' ? object['message'] : undefined,
    code: typeof object['code'] === 'string' ? object['code'] : undefined,
    value: error instanceof Error ? undefined : error,
  };
}

async function rejection(call: () => Promise<unknown>): Promise<Seen | undefined> {
  try {
    await call();
    return undefined;
  } catch (error) {
    return seen(error);
  }
}

const appWorker = wrap<AppWorkerApi>(new Worker(new URL('./client-app-worker.ts', import.meta.url), { type: 'module' }));

const clientComlink = {
  /** Starts the SDK's client (which installs its error transfer), then calls both workers. */
  async run() {
    const client = createQwen3Client();
    try {
      const sum = await appWorker.add(2, 3);
      const appError = await rejection(() => appWorker.fail());
      const appValue = await rejection(() => appWorker.failWithValue());
      // No model loaded: the SDK's worker throws a Qwen3Error, which must keep its code.
      const sdkError = await rejection(async () => {
        for await (const event of client.chat([{ role: 'user', content: 'Hi' }])) void event;
      });
      return { sum, appError, appValue, sdkError };
    } finally {
      client.dispose();
    }
  },
};

declare global {
  interface Window {
    clientComlink: typeof clientComlink;
  }
}
window.clientComlink = clientComlink;
document.getElementById('status')!.textContent = 'ready';
