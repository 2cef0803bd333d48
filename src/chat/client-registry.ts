/**
 * Shared clients: every chat on a page that asks for the same model, host,
 * device, dtype and revision gets the same {@link Qwen3Client} — one worker,
 * one model in memory, loaded once. Holders are counted; the worker is
 * disposed when the last one lets go.
 */
import { createQwen3Client, type Qwen3Client } from '../client/create-client.js';
import { DEFAULT_HOST, DEFAULT_MODEL } from '../core/defaults.js';
import { Qwen3Error } from '../errors.js';
import type { LoadedModel, LoadProgress } from '../types.js';
import type { ChatModelOptions } from './types.js';

/** The model a chat loads when none is named. */
export const DEFAULT_CHAT_MODEL = DEFAULT_MODEL;
/** The hub a chat downloads from when none is named. */
export const DEFAULT_CHAT_HOST = DEFAULT_HOST;

/** One holder's handle on a shared client. */
export interface SharedClientLease {
  readonly client: Qwen3Client;
  /**
   * Loads the model, once for all holders: a holder that calls while the load
   * runs joins it, and gets the latest progress report at once.
   */
  load(onProgress?: (progress: LoadProgress) => void): Promise<LoadedModel>;
  /** Lets go of the client (idempotent). */
  release(): void;
}

/** A set of shared clients; {@link acquireSharedClient} uses a page-wide one. */
export interface ClientRegistry {
  /** Takes the client for these settings, creating it on first use. */
  acquire(options: ChatModelOptions): SharedClientLease;
  /** How many clients are alive (for diagnostics and tests). */
  readonly size: number;
}

interface Entry {
  readonly client: Qwen3Client;
  holders: number;
  loading: Promise<LoadedModel> | undefined;
  /** `loading` resolved: the model was in memory (the client may have lost it since). */
  loaded: boolean;
  lastProgress: LoadProgress | undefined;
  readonly listeners: Set<(progress: LoadProgress) => void>;
  disposeTimer: ReturnType<typeof setTimeout> | undefined;
}

/** The registry key: the settings that decide which model ends up in memory. */
export function clientKey(options: ChatModelOptions): string {
  return JSON.stringify([
    options.model ?? DEFAULT_CHAT_MODEL,
    (options.host ?? DEFAULT_CHAT_HOST).replace(/\/+$/, ''),
    options.device ?? 'auto',
    options.dtype ?? 'auto',
    options.revision ?? 'main',
    options.contextWindow ?? null,
    options.shared === true,
  ]);
}

/**
 * A registry creating clients with `create`.
 *
 * @example
 * ```ts
 * const registry = createClientRegistry();
 * const lease = registry.acquire({ model: 'onnx-community/Qwen3-0.6B-ONNX' });
 * await lease.load();
 * lease.release();
 * ```
 */
export function createClientRegistry(create: (options: ChatModelOptions) => Qwen3Client = (options) => createQwen3Client({ shared: options.shared === true })): ClientRegistry {
  const entries = new Map<string, Entry>();

  function startLoad(entry: Entry, options: ChatModelOptions): Promise<LoadedModel> {
    const { model, host, device, dtype, revision, contextWindow } = options;
    const loading = entry.client.load({
      model: model ?? DEFAULT_CHAT_MODEL,
      host: host ?? DEFAULT_CHAT_HOST,
      ...(device !== undefined && { device }),
      ...(dtype !== undefined && { dtype }),
      ...(revision !== undefined && { revision }),
      ...(contextWindow !== undefined && { contextWindow }),
      onProgress: (progress) => {
        entry.lastProgress = progress;
        for (const listener of entry.listeners) listener(progress);
      },
    });
    entry.loaded = false;
    // A failed load is forgotten, so the next holder's load() tries again.
    loading.then(
      () => {
        if (entry.loading === loading) entry.loaded = true;
      },
      () => {
        if (entry.loading === loading) entry.loading = undefined;
      },
    );
    return loading;
  }

  return {
    get size() {
      return entries.size;
    },
    acquire(options) {
      const key = clientKey(options);
      let entry = entries.get(key);
      if (!entry) {
        entry = { client: create(options), holders: 0, loading: undefined, loaded: false, lastProgress: undefined, listeners: new Set(), disposeTimer: undefined };
        entries.set(key, entry);
      }
      const held = entry;
      held.holders++;
      // React's StrictMode releases and re-acquires within one task: keep the worker.
      if (held.disposeTimer !== undefined) clearTimeout(held.disposeTimer);
      held.disposeTimer = undefined;
      let released = false;
      return {
        client: held.client,
        load(onProgress) {
          if (released) return Promise.reject(new Qwen3Error('DISPOSED', 'This shared-client lease was released: acquire a new one.'));
          // A model lost since it loaded (its GPU failed and the move to WASM did too) loads again.
          if (held.loaded && held.client.loaded === undefined) held.loading = undefined;
          held.loading ??= startLoad(held, options);
          if (!onProgress) return held.loading;
          held.listeners.add(onProgress);
          if (held.lastProgress) onProgress(held.lastProgress);
          const stopListening = (): void => void held.listeners.delete(onProgress);
          return held.loading.finally(stopListening);
        },
        release() {
          if (released) return;
          released = true;
          held.holders--;
          if (held.holders > 0) return;
          held.disposeTimer = setTimeout(() => {
            if (held.holders > 0 || entries.get(key) !== held) return;
            entries.delete(key);
            held.client.dispose();
          }, 0);
        },
      };
    },
  };
}

let pageRegistry: ClientRegistry | undefined;

/**
 * Takes the page-wide shared client for these settings. Call `release()` when
 * done; the last release disposes the worker.
 */
export function acquireSharedClient(options: ChatModelOptions): SharedClientLease {
  pageRegistry ??= createClientRegistry();
  return pageRegistry.acquire(options);
}
