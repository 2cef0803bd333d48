/**
 * The page's one Qwen3 client, handed to `<Qwen3Chat client>`, observed so
 * the rest of the page can show what was loaded and how (device, dtype, load
 * time) and what the engine reported (WebGPU failing over to WASM).
 */
import { createQwen3Client, type EngineStatusEvent, type LoadedModel } from 'qwen3-web';
import type { ChatClient } from 'qwen3-web/react';

/** What the page knows about the engine. */
export interface EngineState {
  loaded: LoadedModel | undefined;
  /** The last engine status event, e.g. WebGPU failing and the model moving to WASM. */
  status: EngineStatusEvent | undefined;
}

/** A chat client plus a `subscribe` / `getSnapshot` pair for `useSyncExternalStore`. */
export interface DemoClient {
  readonly chatClient: ChatClient;
  subscribe(listener: () => void): () => void;
  getSnapshot(): EngineState;
}

/** Starts the worker. One per page: choosing another model reloads the page. */
export function createDemoClient(): DemoClient {
  const client = createQwen3Client();
  const listeners = new Set<() => void>();
  let state: EngineState = { loaded: undefined, status: undefined };
  const update = (patch: Partial<EngineState>): void => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };
  client.onStatus((status) => update(status.type === 'recovered' ? { status, loaded: status.model } : { status }));

  return {
    chatClient: {
      async load(options) {
        const loaded = await client.load(options);
        update({ loaded });
        return loaded;
      },
      chat: (messages, options) => client.chat(messages, options),
      get loaded() {
        return client.loaded;
      },
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    getSnapshot: () => state,
  };
}
