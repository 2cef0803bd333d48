/**
 * The main-thread client: `createQwen3Client()` spawns the worker and returns
 * an object whose `load()` and `chat()` run the model there.
 */
import { requestPersistentStorage } from '../store/persistence.js';
import { proxy } from 'comlink';
import { Qwen3Error, toQwen3Error } from '../errors.js';
import { installErrorTransfer } from '../error-transfer.js';
import { validateChatOptions, validateLoadOptions, validateMessages } from '../core/validate.js';
import type { LoadRequest, LogitsReport, WasmPaths } from '../protocol.js';
import type { ChatEvent, ChatMessage, ChatOptions, EngineStatusEvent, LoadOptions, LoadedModel, WarmPrefixResult } from '../types.js';
import { AsyncQueue } from './async-queue.js';
import { connectSharedWorker, spawnDefaultWorker } from './spawn-worker.js';
import { holdLifetimeLock, whenReleased } from '../lifetime-lock.js';
import { dedicatedHost, sharedHost, WorkerConnection, type EngineHost } from './worker-connection.js';
import { chatCompletions } from '../openai/chat-completions.js';
import type { ChatCompletions } from '../openai/types.js';

/** Options of {@link createQwen3Client}. */
export interface Qwen3ClientOptions {
  /**
   * The worker to run the engine in, for apps whose bundler does not handle
   * `new Worker(new URL(…, import.meta.url))`: a `Worker` you created from
   * `qwen3-web/worker`, or its URL. Default: the bundled worker.
   */
  worker?: Worker | string | URL;
  /** onnxruntime-web's files, when you serve them yourself. Default: bundled with the worker. */
  wasmPaths?: WasmPaths;
  /**
   * One engine for every tab of the origin (default false): the engine runs
   * in a `SharedWorker` that all tabs with `shared: true` talk to, so the
   * model is downloaded, loaded and held in memory once however many tabs
   * are open. A tab's `load()` of the model the engine has resolves at once
   * (or joins the load in progress, with its progress); another model or
   * dtype while a tab uses this one fails with `MODEL_CONFLICT`. Requests
   * from all tabs run one at a time, in order; `abort` and `unload()` act
   * for this tab only, and a tab that closes stops what it left running.
   * Where the browser has no `SharedWorker`, or with `worker`, the client
   * gets its own worker as without it (`client.shared` says which).
   */
  shared?: boolean;
}

/** A handle on the engine in its worker. */
export interface Qwen3Client {
  /** Downloads (or reads from the cache) and loads a model. Resolves when it is ready. */
  load(options?: LoadOptions): Promise<LoadedModel>;
  /**
   * Streams a reply to the conversation. Requests run one at a time; a call
   * made while another reply streams waits for it. Breaking out of the loop
   * stops the generation.
   *
   * `client.chat.completions.create()` is the same with OpenAI's request and
   * response shapes (src/openai/).
   *
   * @example
   * ```ts
   * for await (const event of client.chat([{ role: 'user', content: 'Hi' }])) {
   *   if (event.type === 'text-delta') console.log(event.text);
   * }
   * const answer = await client.chat.completions.create({ messages: [{ role: 'user', content: 'Hi' }] });
   * ```
   */
  readonly chat: ((messages: ChatMessage[], options?: ChatOptions) => AsyncIterable<ChatEvent>) & { readonly completions: ChatCompletions };
  /**
   * The exact number of prompt tokens `chat(messages, options)` would use —
   * the chat template and the thinking mode (`thinking`, `thinkingBudget`,
   * soft switches) included — counted by the loaded model's tokenizer
   * without generating. Compare it with `loaded.contextWindow`. It does not
   * wait for a reply in progress.
   *
   * @example
   * ```ts
   * const used = await client.measureContextUsage(messages);
   * console.log(`${Math.round((100 * used) / client.loaded!.contextWindow)} % of the context`);
   * ```
   */
  measureContextUsage(messages: ChatMessage[], options?: ChatOptions): Promise<number>;
  /**
   * Pays for a long conversation start once per device instead of once per
   * visit: prefills `messages` (a long system prompt, a document, few-shot
   * examples) and stores their KV cache in IndexedDB, keyed by model,
   * commit, dtype and token ids. Any later `chat()` whose prompt starts with
   * the same tokens — after a reload too — reads the cache instead of
   * prefilling them (`usage.prefillTokens` shows it). Calling it again with
   * the same messages costs nothing. Stored caches count in
   * `listCachedModels()` and are deleted with their model.
   *
   * @example
   * ```ts
   * const system = { role: 'system', content: longInstructions } as const;
   * await client.warmPrefix([system]); // once, e.g. after the first load
   * for await (const event of client.chat([system, { role: 'user', content: 'Hi' }])) …
   * ```
   */
  warmPrefix(messages: ChatMessage[], options?: { signal?: AbortSignal }): Promise<WarmPrefixResult>;
  /**
   * Diagnostic: the logits of the last position of `text` (tokenized as is).
   * Useful to compare backends or downloads number for number.
   */
  inspectLogits(text: string): Promise<LogitsReport>;
  /**
   * Listens to engine status events: WebGPU failing at load (the model then
   * runs on WASM), the GPU lost during generation (the model is reloaded on
   * WASM from the cache), or that recovery failing. Returns an unsubscribe.
   */
  onStatus(listener: (event: EngineStatusEvent) => void): () => void;
  /** Diagnostic: destroys the WebGPU device under the model, to test recovery. */
  simulateDeviceLoss(): Promise<void>;
  /** The model loaded last, if any. */
  readonly loaded: LoadedModel | undefined;
  /** True when the engine is the origin's shared one (`shared: true` where the browser allows it). */
  readonly shared: boolean;
  /**
   * Frees the model's memory, all of it: the worker is replaced by a fresh
   * one (a WASM heap never shrinks, so after a long conversation only a new
   * worker gives back what it grew to), and the next `load()` runs there —
   * from IndexedDB when the model is stored. It resolves when the fresh
   * worker is running. With a `Worker` the app handed in, which cannot be
   * recreated, the model is released inside it instead. A reply still
   * streaming finishes first.
   */
  unload(): Promise<void>;
  /** Terminates the worker. The client cannot be used afterwards. */
  dispose(): void;
}

/**
 * Spawns the worker and returns a client.
 *
 * @example
 * ```ts
 * import { createQwen3Client } from 'qwen3-web';
 * const client = createQwen3Client();
 * await client.load({ model: 'onnx-community/Qwen3-0.6B-ONNX' });
 * ```
 */
export function createQwen3Client(options: Qwen3ClientOptions = {}): Qwen3Client {
  installErrorTransfer();
  const sharedWorker = options.shared === true && options.worker === undefined ? connectSharedWorker() : undefined;
  const connection = sharedWorker ? new WorkerConnection(sharedHost(sharedWorker), undefined) : privateConnection(options.worker);
  const tabLock = sharedWorker ? holdLifetimeLock('qwen3-web-tab') : undefined;
  /** Set while a new shared engine starts after the last one died: requests wait for it. */
  let restarting: Promise<void> | undefined;
  let disposed = false;
  let loaded: LoadedModel | undefined;
  /** The last successful load's request, to reload the model after a GPU failure. */
  let lastRequest: LoadRequest | undefined;
  let nextRequestId = 1;
  const statusListeners = new Set<(event: EngineStatusEvent) => void>();
  const report = (event: EngineStatusEvent): void => {
    for (const listener of statusListeners) listener(event);
  };

  /** Ties this tab to the shared engine's lifetime, and the engine to this tab's. */
  function joinSharedEngine(): void {
    const engine = connection.engine;
    void tabLock?.held.then((name) => engine.watchTab(name)).catch(() => undefined);
    void engine
      .engineLock()
      // Not awaited inside the lock: every tab restarts at once, onto the same new worker.
      .then((name) => whenReleased(name, () => void (connection.engine === engine ? restartSharedEngine() : undefined)))
      .catch(() => undefined);
  }

  /**
   * The shared engine's worker died (crashed, or closed by the browser): the
   * requests it was running fail with `ENGINE_MOVED` (the chat layer sends
   * them again once), a new shared worker starts — every tab that notices
   * connects to the same one — and the model loads again from IndexedDB.
   */
  async function restartSharedEngine(): Promise<void> {
    if (disposed || restarting) return;
    const moved = new Qwen3Error('ENGINE_MOVED', 'The shared engine stopped (its worker crashed or was closed) while this request ran; a new one has started. Send the request again.');
    restarting = (async () => {
      connection.replace(sharedHost(connectSharedWorker()!), moved);
      joinSharedEngine();
      if (!lastRequest) return;
      try {
        loaded = await connection.guarded(connection.engine.load(lastRequest));
        report({ type: 'recovered', model: loaded });
      } catch (error) {
        const failure = toQwen3Error(error);
        loaded = undefined;
        report({ type: 'recovery-failed', code: failure.code, message: failure.message });
      }
    })();
    await restarting;
    restarting = undefined;
  }
  if (sharedWorker) joinSharedEngine();

  function ensureUsable(): void {
    if (disposed) throw new Qwen3Error('DISPOSED', 'This client was disposed: create a new one with createQwen3Client().');
    if (connection.crashed) throw connection.crashed;
  }

  /**
   * After a GPU failure: a fresh worker loads the same model and dtype on
   * WASM, reading every file from IndexedDB. Returns true when it worked.
   */
  async function recoverOnWasm(reason: string): Promise<boolean> {
    report({ type: 'device-lost', message: reason });
    if (!connection.canRespawn || !lastRequest) {
      report({ type: 'recovery-failed', code: 'UNSUPPORTED', message: 'The worker cannot be restarted: the app supplied it, or other tabs share it.' });
      return false;
    }
    connection.respawn();
    try {
      loaded = await connection.guarded(connection.engine.load({ ...lastRequest, device: 'wasm', dtype: loaded?.dtype ?? lastRequest.dtype }));
      lastRequest = { ...lastRequest, device: 'wasm' };
      report({ type: 'recovered', model: loaded });
      return true;
    } catch (error) {
      const failure = toQwen3Error(error);
      loaded = undefined;
      report({ type: 'recovery-failed', code: failure.code, message: failure.message });
      return false;
    }
  }

  async function load(loadOptions: LoadOptions = {}): Promise<LoadedModel> {
    ensureUsable();
    validateLoadOptions(loadOptions);
    if (restarting) await restarting;
    const { onProgress, signal, ...rest } = loadOptions;
    if (signal?.aborted) throw new Qwen3Error('ABORTED', 'The load was aborted before it started.');
    const request: LoadRequest = { ...rest };
    if (options.wasmPaths) request.wasmPaths = options.wasmPaths;
    const progress = onProgress ? proxy(onProgress) : undefined;
    const onAbort = (): void => void connection.engine.abortLoad();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      try {
        loaded = await connection.guarded(connection.engine.load(request, progress));
      } catch (error) {
        // With `auto`, WebGPU failing to build the session is not the app's
        // problem: the same files load on WASM in a fresh worker.
        const auto = (request.device ?? 'auto') === 'auto';
        if (!auto || !Qwen3Error.isInstance(error) || error.code !== 'DEVICE_LOST' || !connection.canRespawn) throw error;
        report({ type: 'webgpu-failed', message: error.message });
        connection.respawn();
        loaded = await connection.guarded(connection.engine.load({ ...request, device: 'wasm' }, progress));
      }
      lastRequest = { ...request, device: loaded.device };
      // Once a model is stored: only a window may ask, and only once.
      if (typeof window !== 'undefined') void requestPersistentStorage().catch(() => false);
      return loaded;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async function* chat(messages: ChatMessage[], chatOptions: ChatOptions = {}): AsyncGenerator<ChatEvent> {
    ensureUsable();
    validateMessages(messages);
    validateChatOptions(chatOptions);
    const { signal, ...request } = chatOptions;
    if (restarting) await restarting;
    const id = nextRequestId++;
    const engine = connection.engine;
    const queue = new AsyncQueue<ChatEvent>();
    const onAbort = (): void => {
      // The worker may have been replaced (GPU recovery): its proxy is gone, and so is the request.
      try {
        engine.abort(id).catch(() => undefined);
      } catch {
        // released proxy
      }
    };
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const sink = proxy((events: ChatEvent[]) => {
      for (const event of events) queue.push(event);
    });
    let finished = false;
    connection.guarded(engine.chat(id, messages, request, sink)).then(
      () => queue.close(),
      async (error: unknown) => {
        if (!Qwen3Error.isInstance(error) || error.code !== 'DEVICE_LOST') return queue.fail(error);
        const recovered = await recoverOnWasm(error.message);
        queue.fail(
          new Qwen3Error(
            'DEVICE_LOST',
            recovered
              ? `${error.message} The model was reloaded on WASM from the cache: send the message again.`
              : `${error.message} Moving the model to WASM failed too: load it again.`,
            { details: { recovered, device: loaded?.device ?? null } },
          ),
        );
      },
    );
    try {
      for (;;) {
        const next = await queue.next();
        if (next.done) break;
        if (next.value.type === 'finish') finished = true;
        yield next.value;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // The caller stopped iterating early: stop the generation too.
      if (!finished && !disposed) onAbort();
    }
  }

  return {
    load,
    chat: Object.assign(chat, {
      completions: chatCompletions({
        chat,
        get loaded() {
          return loaded;
        },
      }),
    }),
    onStatus(listener) {
      statusListeners.add(listener);
      return () => void statusListeners.delete(listener);
    },
    simulateDeviceLoss() {
      ensureUsable();
      return connection.guarded(connection.engine.simulateDeviceLoss());
    },
    async measureContextUsage(messages: ChatMessage[], chatOptions: ChatOptions = {}) {
      ensureUsable();
      validateMessages(messages, 'measure');
      validateChatOptions(chatOptions);
      const { signal: _signal, ...request } = chatOptions;
      return connection.guarded(connection.engine.measureContextUsage(messages, request));
    },
    async warmPrefix(messages: ChatMessage[], warmOptions: { signal?: AbortSignal } = {}) {
      ensureUsable();
      validateMessages(messages, 'measure');
      const id = nextRequestId++;
      const engine = connection.engine;
      const onAbort = (): void => void engine.abort(id).catch(() => undefined);
      if (warmOptions.signal?.aborted) onAbort();
      warmOptions.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await connection.guarded(engine.warmPrefix(id, messages));
      } finally {
        warmOptions.signal?.removeEventListener('abort', onAbort);
      }
    },
    inspectLogits(text: string) {
      ensureUsable();
      return connection.guarded(connection.engine.inspectLogits(text));
    },
    get loaded() {
      return loaded;
    },
    shared: sharedWorker !== undefined,
    async unload() {
      ensureUsable();
      await connection.guarded(connection.engine.unload());
      loaded = undefined;
      lastRequest = undefined;
      if (!connection.canRespawn) return;
      connection.respawn();
      // Resolve once the fresh worker runs: its script and modules are
      // fetched now, while the app knows it is online, not at the next load.
      await connection.guarded(connection.engine.ping());
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      tabLock?.release();
      connection.close(new Qwen3Error('DISPOSED', 'The client was disposed while this call was running.'));
    },
  };
}

/** The client's own worker: the bundled one, or the app's. */
function privateConnection(worker: Qwen3ClientOptions['worker']): WorkerConnection {
  if (worker instanceof Worker) return new WorkerConnection(dedicatedHost(worker), undefined);
  const spawn = (): EngineHost =>
    dedicatedHost(worker !== undefined ? new Worker(worker, { type: 'module', name: 'qwen3-web' }) : spawnDefaultWorker());
  return new WorkerConnection(spawn(), spawn);
}
