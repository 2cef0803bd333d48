/**
 * The main-thread client: `createQwen3Client()` spawns the worker and returns
 * an object whose `load()` and `chat()` run the model there.
 */
import { proxy, releaseProxy, wrap, type Remote } from 'comlink';
import { Qwen3Error } from '../errors.js';
import { installErrorTransfer } from '../error-transfer.js';
import { validateChatOptions, validateLoadOptions, validateMessages } from '../core/validate.js';
import type { EngineApi, LoadRequest, LogitsReport, WasmPaths } from '../protocol.js';
import type { ChatEvent, ChatMessage, ChatOptions, LoadOptions, LoadedModel } from '../types.js';
import { AsyncQueue } from './async-queue.js';
import { spawnDefaultWorker } from './spawn-worker.js';

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
   * @example
   * ```ts
   * for await (const event of client.chat([{ role: 'user', content: 'Hi' }])) {
   *   if (event.type === 'text-delta') console.log(event.text);
   * }
   * ```
   */
  chat(messages: ChatMessage[], options?: ChatOptions): AsyncIterable<ChatEvent>;
  /**
   * Diagnostic: the logits of the last position of `text` (tokenized as is).
   * Useful to compare backends or downloads number for number.
   */
  inspectLogits(text: string): Promise<LogitsReport>;
  /** The model loaded last, if any. */
  readonly loaded: LoadedModel | undefined;
  /** Frees the model's memory; the worker stays up for another `load()`. */
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
  const worker =
    options.worker instanceof Worker
      ? options.worker
      : options.worker !== undefined
        ? new Worker(options.worker, { type: 'module', name: 'qwen3-web' })
        : spawnDefaultWorker();
  const engine: Remote<EngineApi> = wrap<EngineApi>(worker);
  let disposed = false;
  let loaded: LoadedModel | undefined;
  let nextRequestId = 1;
  let workerFailure: Qwen3Error | undefined;
  const failureListeners = new Set<(error: Qwen3Error) => void>();

  worker.addEventListener('error', (event) => {
    event.preventDefault();
    workerFailure = new Qwen3Error(
      'WORKER_FAILED',
      `The qwen3-web worker failed to start or crashed (${event.message || 'no message'}). Reload the page; if it persists, check that the worker file is served.`,
    );
    for (const listener of failureListeners) listener(workerFailure);
  });

  function ensureUsable(): void {
    if (disposed) throw new Qwen3Error('DISPOSED', 'This client was disposed: create a new one with createQwen3Client().');
    if (workerFailure) throw workerFailure;
  }

  /** Races a worker call against a worker crash, so nothing waits forever. */
  function guarded<T>(call: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onFailure = (error: Qwen3Error): void => reject(error);
      failureListeners.add(onFailure);
      call.then(resolve, reject).finally(() => failureListeners.delete(onFailure));
    });
  }

  async function load(loadOptions: LoadOptions = {}): Promise<LoadedModel> {
    ensureUsable();
    validateLoadOptions(loadOptions);
    const { onProgress, signal, ...rest } = loadOptions;
    if (signal?.aborted) throw new Qwen3Error('ABORTED', 'The load was aborted before it started.');
    const request: LoadRequest = { ...rest };
    if (options.wasmPaths) request.wasmPaths = options.wasmPaths;
    const onAbort = (): void => void engine.abortLoad();
    signal?.addEventListener('abort', onAbort, { once: true });
    // Persistent storage keeps the browser from evicting gigabytes of weights
    // under pressure. Only a window may ask, so the client does it.
    void globalThis.navigator?.storage?.persist?.().catch(() => false);
    try {
      loaded = await guarded(engine.load(request, onProgress ? proxy(onProgress) : undefined));
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
    const id = nextRequestId++;
    const queue = new AsyncQueue<ChatEvent>();
    const onAbort = (): void => void engine.abort(id);
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const sink = proxy((events: ChatEvent[]) => {
      for (const event of events) queue.push(event);
    });
    let finished = false;
    guarded(engine.chat(id, messages, request, sink)).then(
      () => queue.close(),
      (error: unknown) => queue.fail(error),
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
      if (!finished && !disposed) void engine.abort(id);
    }
  }

  return {
    load,
    chat,
    inspectLogits(text: string) {
      ensureUsable();
      return guarded(engine.inspectLogits(text));
    },
    get loaded() {
      return loaded;
    },
    async unload() {
      ensureUsable();
      await guarded(engine.unload());
      loaded = undefined;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      const error = new Qwen3Error('DISPOSED', 'The client was disposed while this call was running.');
      for (const listener of failureListeners) listener(error);
      engine[releaseProxy]();
      worker.terminate();
    },
  };
}
