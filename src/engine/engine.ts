/**
 * The engine the worker exposes: one loaded model, requests served in order.
 * GPU failures are reported as `DEVICE_LOST`; the client recovers by moving
 * the model to WASM in a fresh worker.
 */
import { transfer } from 'comlink';
import { validateChatOptions, validateLoadOptions, validateMessages } from '../core/validate.js';
import { Qwen3Error, toQwen3Error } from '../errors.js';
import type {
  ChatRequest,
  ChatSink,
  EngineApi,
  LoadRequest,
  LogitsReport,
  ProgressSink,
  WasmPaths,
} from '../protocol.js';
import { defaultModelStore } from '../store/model-store.js';
import type { ChatMessage, LoadedModel } from '../types.js';
import { EventBatcher } from './event-batcher.js';
import { generateReply, type ReplyOutcome } from './generate-reply.js';
import { currentGpuDevice, deviceLostWithin, looksLikeDeviceLoss } from './gpu-device.js';
import { lastPositionLogits } from './inspect-logits.js';
import type { ConversationCache } from './kv-cache.js';
import { DEFAULT_HOST, DEFAULT_MODEL, DEFAULT_REVISION } from '../core/defaults.js';
import { loadModel } from './load-model.js';
import { nextTurnPrefix, prefillNextTurn } from './next-turn-prefill.js';
import type { ModelSession } from './model-session.js';
import { ProgressTracker } from './progress-tracker.js';
import { RequestQueue } from './request-queue.js';
import { warmUp } from './warm-up.js';
import { yieldBetweenSteps } from './yield-between-steps.js';

type ResolvedLoad = LoadRequest & { model: string; host: string; revision: string };

/** Implements {@link EngineApi} inside the worker. */
export class Engine implements EngineApi {
  private session: ModelSession | undefined;
  /** Set when the GPU device under the session is lost. */
  private deviceLost: string | undefined;
  /** The KV cache of the last reply, for the next turn's shared prefix. */
  private conversation: ConversationCache | undefined;
  private readonly queue = new RequestQueue();
  private readonly aborted = new Set<number>();
  private loadController: AbortController | undefined;

  /** @param defaultWasmPaths onnxruntime-web's files as bundled with the worker. */
  constructor(private readonly defaultWasmPaths: WasmPaths) {}

  load(request: LoadRequest, onProgress?: ProgressSink): Promise<LoadedModel> {
    validateLoadOptions(request);
    this.loadController?.abort();
    const controller = new AbortController();
    this.loadController = controller;
    return this.queue.run(async () => {
      if (controller.signal.aborted) throw new Qwen3Error('ABORTED', 'The load was aborted.');
      await this.releaseSession();
      const resolved: ResolvedLoad = {
        ...request,
        model: request.model ?? DEFAULT_MODEL,
        host: request.host ?? DEFAULT_HOST,
        revision: request.revision ?? DEFAULT_REVISION,
      };
      const tracker = new ProgressTracker((progress) => void onProgress?.(progress));
      await this.open(resolved, tracker, controller.signal);
      tracker.setPhase('ready');
      const session = this.session!;
      // The warm-up runs right after the load resolves, as the first task of
      // the queue, so the app can show "ready" without waiting for it. A
      // message already queued skips it: that reply warms the model itself.
      if (request.warmUp !== false) void this.queue.runWhenIdle(() => warmUp(session)).catch(() => undefined);
      return session.info;
    });
  }

  abortLoad(): void {
    this.loadController?.abort();
  }

  chat(requestId: number, messages: ChatMessage[], options: ChatRequest, sink: ChatSink): Promise<void> {
    validateMessages(messages);
    validateChatOptions(options);
    return this.queue.run(async () => {
      const session = this.requireSession();
      if (this.deviceLost) throw deviceLostError(this.deviceLost);
      const batcher = new EventBatcher((events) => sink(events));
      const previous = this.conversation;
      this.conversation = undefined;
      try {
        const outcome = await generateReply(
          session,
          messages,
          options,
          (events) => batcher.add(events),
          () => this.aborted.has(requestId),
          previous,
        );
        this.conversation = outcome.cache;
        await batcher.flush();
        if (outcome.cache && outcome.reason !== 'aborted' && options.reuseKvCache !== false) {
          void this.queue.runWhenIdle((preempted) => this.prefillNextTurn(session, messages, outcome, preempted));
        }
      } catch (error) {
        await batcher.flush();
        // A raw runtime error from a WebGPU session mid-reply is a GPU failure
        // (device lost, out of memory, driver fault): ORT's message names a
        // failed buffer or run, and `device.lost` may settle only later. The
        // worker cannot recover in place — transformers.js chains every later
        // run onto the failed one — so the client moves to a fresh worker.
        if (session.info.device === 'webgpu' && !Qwen3Error.isInstance(error)) {
          this.deviceLost = (await deviceLostWithin(100)) ?? gpuFailure(error);
          throw deviceLostError(this.deviceLost, error);
        }
        throw toQwen3Error(error);
      } finally {
        this.aborted.delete(requestId);
      }
    });
  }

  inspectLogits(text: string): Promise<LogitsReport> {
    if (typeof text !== 'string' || text.length === 0) {
      throw new Qwen3Error('INVALID_ARGUMENT', 'inspectLogits() needs a non-empty string.');
    }
    return this.queue.run(async () => {
      const session = this.requireSession();
      return transfer(await lastPositionLogits(session, text), []);
    });
  }

  async simulateDeviceLoss(): Promise<void> {
    // Not queued: the point is to lose the device while a reply streams.
    const session = this.requireSession();
    const device = session.info.device === 'webgpu' ? await currentGpuDevice() : undefined;
    if (!device) {
      throw new Qwen3Error('UNSUPPORTED', `simulateDeviceLoss() needs a model loaded on WebGPU; this one runs on ${session.info.device}.`);
    }
    device.destroy();
  }

  abort(requestId: number): void {
    this.aborted.add(requestId);
  }

  unload(): Promise<void> {
    return this.queue.run(() => this.releaseSession());
  }

  /**
   * Idle work after a reply: prefill the reply as the next turn's history
   * will hold it (see next-turn-prefill.ts). Skipped when another request
   * already replaced the cache; a failure only costs the cache.
   */
  private async prefillNextTurn(
    session: ModelSession,
    messages: readonly ChatMessage[],
    outcome: ReplyOutcome,
    preempted: () => boolean,
  ): Promise<void> {
    const cache = this.conversation;
    if (this.session !== session || this.deviceLost || !cache || cache !== outcome.cache) return;
    const ids = nextTurnPrefix(session, messages, outcome.message);
    this.conversation = undefined;
    try {
      this.conversation = await prefillNextTurn(session, cache, ids, outcome.generatedTokens, preempted);
    } catch (error) {
      // The next request reports a GPU failure as DEVICE_LOST, and the client recovers.
      if (session.info.device === 'webgpu') this.deviceLost = (await deviceLostWithin(100)) ?? gpuFailure(error);
    }
  }

  /** Loads `request` into the engine (retrying once when a stored file was damaged). */
  private async open(request: ResolvedLoad, tracker: ProgressTracker, signal: AbortSignal): Promise<void> {
    const context = {
      store: defaultModelStore(),
      signal,
      wasmPaths: request.wasmPaths ?? this.defaultWasmPaths,
      tracker,
    };
    // A damaged stored file is discarded when found; one more attempt downloads it afresh.
    // (A download that fails its check was already tried twice by the store.)
    const session = await loadModel(request, context).catch((error: unknown) => {
      if (Qwen3Error.isInstance(error) && error.code === 'INTEGRITY' && error.details?.['source'] === 'store') return loadModel(request, context);
      throw error;
    });
    yieldBetweenSteps(session.model as unknown as { forward: (...args: never[]) => Promise<unknown> });
    this.session = session;
    this.deviceLost = undefined;
    if (session.info.device === 'webgpu') void this.watchDevice(session);
  }

  private async watchDevice(session: ModelSession): Promise<void> {
    const device = await currentGpuDevice();
    const info = await device?.lost;
    if (info && this.session === session) this.deviceLost = info.message || info.reason || 'device lost';
  }

  private requireSession(): ModelSession {
    if (!this.session) {
      throw new Qwen3Error('NOT_LOADED', 'No model is loaded: call load() and wait for it before chat().');
    }
    return this.session;
  }

  private async releaseSession(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await this.conversation?.pastKeyValues.dispose().catch(() => undefined);
    this.conversation = undefined;
    await session?.model.dispose();
  }
}

function gpuFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return looksLikeDeviceLoss(error) ? message : `WebGPU failed: ${message.slice(0, 200)}`;
}

function deviceLostError(reason: string, cause?: unknown): Qwen3Error {
  return new Qwen3Error('DEVICE_LOST', `The GPU failed during generation (${reason}).`, cause === undefined ? {} : { cause });
}
