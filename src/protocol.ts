/**
 * Everything that crosses the worker boundary. The worker implements
 * {@link EngineApi}; the main thread talks to it as `Remote<EngineApi>`
 * through comlink. Functions passed here are wrapped with `Comlink.proxy`,
 * and `AbortSignal`s (which cannot be cloned) become explicit `abort` calls.
 */
import type { ChatEvent, ChatMessage, ChatOptions, LoadOptions, LoadProgress, LoadedModel, WarmPrefixResult } from './types.js';

/** `LoadOptions` as sent to the worker: no callbacks, no signal. */
export type LoadRequest = Omit<LoadOptions, 'onProgress' | 'signal'> & {
  /** URLs of onnxruntime-web's `.mjs` and `.wasm`, on the app's own origin. */
  wasmPaths?: WasmPaths;
};

/** `ChatOptions` as sent to the worker: no signal. */
export type ChatRequest = Omit<ChatOptions, 'signal'>;

/** Where onnxruntime-web finds its WASM factory and binary. */
export interface WasmPaths {
  /** The build transformers.js's bundle is made for (WebGPU and WASM). */
  mjs: string;
  wasm: string;
  /**
   * onnxruntime-web's CPU-only build (`ort-wasm-simd-threaded.{mjs,wasm}`),
   * used where WebGPU has no adapter: without the WebGPU build's asyncify
   * instrumentation its kernels run 2–3× faster, and it is half the size.
   * Without it, WASM runs on the build above.
   */
  cpu?: { mjs: string; wasm: string };
}

/** What {@link EngineApi.inspectLogits} returns. */
export interface LogitsReport {
  tokens: number[];
  /** Logits of the last position, one per vocabulary entry. */
  logits: Float32Array;
}

/** Receives batches of chat events (batched to spare the main thread). */
export type ChatSink = (events: ChatEvent[]) => void;

/** Receives load progress. */
export type ProgressSink = (progress: LoadProgress) => void;

/** The engine living in the worker. */
export interface EngineApi {
  /** Loads tokenizer and model; replaces any model loaded before. */
  load(request: LoadRequest, onProgress?: ProgressSink): Promise<LoadedModel>;
  /** Cancels the load in progress, if any. */
  abortLoad(): void;
  /**
   * Generates a reply. Events stream to `sink`; the promise settles when the
   * reply is finished (after the `finish` event was delivered) or failed.
   * Requests run one at a time, in the order they arrive.
   */
  chat(requestId: number, messages: ChatMessage[], options: ChatRequest, sink: ChatSink): Promise<void>;
  /**
   * The prompt tokens `chat(messages, options)` would run through the model
   * (template, thinking mode included), counted without generating. Not
   * queued behind replies: it only tokenizes.
   */
  measureContextUsage(messages: ChatMessage[], options: ChatRequest): number;
  /**
   * Prefills `messages` and stores their KV cache in IndexedDB, keyed by
   * model, commit, dtype and tokens; later requests starting with those
   * tokens read it instead of prefilling them, after a reload too. Queued
   * like a reply; `abort(requestId)` stops it between prefill chunks.
   */
  warmPrefix(requestId: number, messages: ChatMessage[]): Promise<WarmPrefixResult>;
  /** Stops request `requestId` within one decoding step, keeping what it generated. */
  abort(requestId: number): void;
  /**
   * Runs one forward pass over `text` (tokenized as is, no chat template) and
   * returns the logits of its last position. A diagnostic: it lets tests and
   * tools compare backends and downloads number for number.
   */
  inspectLogits(text: string): Promise<LogitsReport>;
  /**
   * Destroys the WebGPU device under the loaded model, as a driver crash
   * would, so apps can test their recovery path. Fails when the model is not
   * on WebGPU.
   */
  simulateDeviceLoss(): Promise<void>;
  /** Releases the model and its sessions. */
  unload(): Promise<void>;
  /** Answers once the worker has evaluated its modules: a fresh worker is ready for `load()`. */
  ping(): true;
}

/**
 * The shared engine's API for one tab (engine/tab-connection.ts): the same
 * as a private worker's, plus tying the connection to the tab's lifetime.
 */
export interface SharedEngineApi extends EngineApi {
  /**
   * The tab holds the Web Lock `lockName` for as long as it lives; once the
   * lock is released (the tab closed or crashed), the engine stops the tab's
   * requests and its use of the model ends.
   */
  watchTab(lockName: string): void;
  /**
   * The Web Lock the engine's worker holds for its lifetime, once held: a
   * tab waiting for it learns that the engine died (its worker crashed or
   * was closed) and starts a new one.
   */
  engineLock(): Promise<string>;
}
