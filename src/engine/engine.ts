/**
 * The engine the worker exposes: one loaded model, requests served in order.
 * A failure while the model runs is classified by evidence (failure-kind.ts):
 * a GPU failure is reported as `DEVICE_LOST`, and the client recovers by
 * moving the model to WASM in a fresh worker; any other failure is
 * `INTERNAL`, and the engine replaces the session with a fresh one built from
 * the same stored files, so the next request works.
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
import type { ChatMessage, ChatTool, LoadedModel, WarmPrefixResult } from '../types.js';
import { EventBatcher } from './event-batcher.js';
import { generateReply, type ReplyOutcome } from './generate-reply.js';
import { keepRunsIndependent } from './independent-runs.js';
import { classifyFailure } from './failure-kind.js';
import { currentGpuDevice, deviceLostWithin, looksLikeDeviceLoss } from './gpu-device.js';
import { lastPositionLogits } from './inspect-logits.js';
import { disposeJsonGrammars } from './json-grammar.js';
import { ConversationCaches, DEFAULT_CONVERSATION } from './conversation-caches.js';
import { reuseCache } from './kv-cache.js';
import { DEFAULT_HOST, DEFAULT_MODEL, DEFAULT_REVISION } from '../core/defaults.js';
import { loadModel } from './load-model.js';
import { nextTurnPrefix, prefillNextTurn } from './next-turn-prefill.js';
import type { ModelSession } from './model-session.js';
import { applyChatTemplate, measurePrompt, planPrompt } from './prompt-plan.js';
import { PrefixCache } from './prefix-cache.js';
import { prefillChunkTokens, prefillChunks } from './prefill.js';
import { ProgressTracker } from './progress-tracker.js';
import { RequestQueue } from './request-queue.js';
import { checkWasmThreads, wasmThreadsFor } from './runtime-env.js';
import { warmUp } from './warm-up.js';
import { yieldBetweenSteps } from './yield-between-steps.js';

type ResolvedLoad = LoadRequest & { model: string; host: string; revision: string };

/** Implements {@link EngineApi} inside the worker. */
export class Engine implements EngineApi {
  private session: ModelSession | undefined;
  /** Set when the GPU device under the session is lost. */
  private deviceLost: string | undefined;
  /** The KV caches of the last replies, by conversation, for each next turn's shared prefix. */
  private readonly conversations = new ConversationCaches();
  private readonly queue = new RequestQueue();
  private readonly aborted = new Set<number>();
  private loadController: AbortController | undefined;
  /** The request behind the loaded session, to rebuild it after a failure. */
  private loaded: ResolvedLoad | undefined;
  /** Why the session could not be rebuilt after a failure, if it could not. */
  private broken: string | undefined;
  /** The loaded model's prefix caches stored by `warmPrefix()`. */
  private readonly prefixes = new PrefixCache();

  /** @param defaultWasmPaths onnxruntime-web's files as bundled with the worker. */
  constructor(private readonly defaultWasmPaths: WasmPaths) {}

  load(request: LoadRequest, onProgress?: ProgressSink): Promise<LoadedModel> {
    validateLoadOptions(request);
    this.loadController?.abort();
    const controller = new AbortController();
    this.loadController = controller;
    return this.queue.run(async () => {
      if (controller.signal.aborted) throw new Qwen3Error('ABORTED', 'The load was aborted.');
      // Refused before the loaded model is released: it stays usable.
      checkWasmThreads(wasmThreadsFor(request.wasmThreads));
      await this.releaseSession();
      const resolved: ResolvedLoad = {
        ...request,
        model: request.model ?? DEFAULT_MODEL,
        host: request.host ?? DEFAULT_HOST,
        revision: request.revision ?? DEFAULT_REVISION,
      };
      const tracker = new ProgressTracker((progress) => void onProgress?.(progress));
      await this.open(resolved, tracker, controller.signal);
      this.loaded = resolved;
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
      const startedAt = performance.now();
      // Planned before the previous cache is taken: a conversation that does
      // not fit (CONTEXT_OVERFLOW) leaves the cache in place for the next request.
      const plan = planPrompt(session, messages, options);
      const batcher = new EventBatcher((events) => sink(events));
      if (plan.trimmed) batcher.add([plan.trimmed]);
      const conversationId = options.conversationId ?? DEFAULT_CONVERSATION;
      let previous = this.conversations.take(conversationId);
      try {
        if (options.reuseKvCache !== false) previous = await this.prefixes.reuse(session, plan.ids, previous);
        const outcome = await generateReply(session, plan, {
          options,
          emit: (events) => batcher.add(events),
          isAborted: () => this.aborted.has(requestId),
          previous,
          startedAt,
        });
        await this.conversations.put(conversationId, outcome.cache);
        await batcher.flush();
        // After tool calls the next prompt keeps the reply as generated (its
        // reasoning included, template-conversation.ts): the cache already holds it.
        if (outcome.cache && outcome.reason !== 'aborted' && outcome.reason !== 'tool-calls' && options.reuseKvCache !== false) {
          void this.queue.runWhenIdle((preempted) => this.prefillNextTurn(session, conversationId, plan.messages, outcome, preempted, options.tools));
        }
      } catch (error) {
        await batcher.flush();
        throw await this.failed(session, error);
      } finally {
        this.aborted.delete(requestId);
      }
    });
  }

  measureContextUsage(messages: ChatMessage[], options: ChatRequest): number {
    validateMessages(messages, 'measure');
    validateChatOptions(options);
    // Not queued: it only tokenizes, so it answers even while a reply streams.
    return measurePrompt(this.requireSession(), messages, options);
  }

  warmPrefix(requestId: number, messages: ChatMessage[]): Promise<WarmPrefixResult> {
    validateMessages(messages, 'measure');
    return this.queue.run(async () => {
      const session = this.requireSession();
      if (this.deviceLost) throw deviceLostError(this.deviceLost);
      try {
        return await this.storePrefix(session, messages, () => this.aborted.has(requestId));
      } catch (error) {
        throw await this.failed(session, error);
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
      try {
        return transfer(await lastPositionLogits(session, text), []);
      } catch (error) {
        throw await this.failed(session, error);
      }
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

  ping(): true {
    return true;
  }

  /**
   * Idle work after a reply: prefill the reply as the next turn's history
   * will hold it (see next-turn-prefill.ts). Skipped when another request
   * already replaced the cache; a failure only costs the cache.
   */
  private async prefillNextTurn(
    session: ModelSession,
    conversationId: string,
    messages: readonly ChatMessage[],
    outcome: ReplyOutcome,
    preempted: () => boolean,
    tools: readonly ChatTool[] | undefined,
  ): Promise<void> {
    const cache = this.conversations.peek(conversationId);
    if (this.session !== session || this.deviceLost || !cache || cache !== outcome.cache) return;
    const ids = nextTurnPrefix(session, messages, outcome.message, tools);
    this.conversations.take(conversationId);
    try {
      await this.conversations.put(conversationId, await prefillNextTurn(session, cache, ids, outcome.generatedTokens, preempted));
    } catch (error) {
      // Nobody waits for this work: the next request reports a GPU failure as
      // DEVICE_LOST, and finds any other failure already repaired.
      await this.failed(session, error);
    }
  }

  /**
   * Prefills `messages` (the chat template without a generation prompt, so
   * that every conversation starting with them shares its tokens) and stores
   * the KV cache in IndexedDB. The cache stays in memory as the
   * conversation's, so a chat sent next starts from it too.
   */
  private async storePrefix(session: ModelSession, messages: readonly ChatMessage[], isAborted: () => boolean): Promise<WarmPrefixResult> {
    const ids = applyChatTemplate(session, messages, { add_generation_prompt: false });
    const { info } = session;
    if (ids.length >= info.contextWindow) {
      throw new Qwen3Error('CONTEXT_OVERFLOW', `The prefix is ${ids.length} tokens but the model's context holds ${info.contextWindow}.`, {
        details: { requestedTokens: ids.length, contextWindow: info.contextWindow, contextLength: info.contextWindow, policy: 'error' },
      });
    }
    const stored = await this.prefixes.exact(session, ids);
    if (stored) return { tokens: ids.length, bytes: stored.bytes, created: false, prefillMs: 0 };
    const started = performance.now();
    const previous = this.conversations.take(DEFAULT_CONVERSATION);
    // A sentinel after the prefix lets the whole prefix count as reusable.
    const reuse = await reuseCache(previous, [...ids, -1]);
    const reused = reuse.pastKeyValues && { tokens: ids.slice(0, reuse.reused), pastKeyValues: reuse.pastKeyValues };
    const cache = await prefillChunks(session, reused, ids, { chunkTokens: prefillChunkTokens(info.device), leave: 0, stop: isAborted });
    await this.conversations.put(DEFAULT_CONVERSATION, cache);
    if (!cache || cache.tokens.length < ids.length) throw new Qwen3Error('ABORTED', 'warmPrefix() was aborted; nothing was stored.');
    const prefillMs = performance.now() - started;
    const record = await this.prefixes.save(session, cache);
    return { tokens: ids.length, bytes: record.bytes, created: true, prefillMs };
  }

  /**
   * The error to report for a failure while `session` ran, and the recovery
   * it calls for. A GPU failure marks the engine lost: the worker cannot
   * recover in place (transformers.js chains every later run onto the failed
   * one), so the client moves to a fresh worker. Anything else — a failed
   * WASM allocation, a bug — leaves the device alone, and the session is
   * rebuilt from the same stored files before the next request runs.
   */
  private async failed(session: ModelSession, error: unknown): Promise<Qwen3Error> {
    if (Qwen3Error.isInstance(error)) return error;
    const device = session.info.device;
    // After a loss, ORT's errors name a failed buffer or run, not the device;
    // the device's own `lost` promise is the evidence, and it settles a moment later.
    const lost = device === 'webgpu' ? await deviceLostWithin(100) : undefined;
    if (classifyFailure({ device, error, deviceLost: lost }) === 'DEVICE_LOST') {
      this.deviceLost = lost ?? gpuFailure(error);
      return deviceLostError(this.deviceLost, error);
    }
    this.rebuild(session);
    const message = error instanceof Error ? error.message : String(error);
    return new Qwen3Error(
      'INTERNAL',
      `The model failed while running (${message.slice(0, 300)}). The engine reloads it from storage; the next request works.`,
      { cause: error },
    );
  }

  /** Queues the replacement of `failed` by a fresh session from the same files (the store has them). */
  private rebuild(failed: ModelSession): void {
    const request = this.loaded;
    void this.queue.run(async () => {
      if (this.session !== failed || !request) return;
      await this.releaseSession().catch(() => undefined);
      try {
        const same = { ...request, device: failed.info.device, dtype: failed.info.dtype };
        await this.open(same, new ProgressTracker(() => undefined), new AbortController().signal);
      } catch (error) {
        this.broken = toQwen3Error(error).message;
      }
    });
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
    keepRunsIndependent(session.model);
    this.session = session;
    this.deviceLost = undefined;
    this.broken = undefined;
    if (session.info.device === 'webgpu') void this.watchDevice(session);
  }

  private async watchDevice(session: ModelSession): Promise<void> {
    const device = await currentGpuDevice();
    const info = await device?.lost;
    if (info && this.session === session) this.deviceLost = info.message || info.reason || 'device lost';
  }

  private requireSession(): ModelSession {
    if (!this.session && this.broken) {
      throw new Qwen3Error('INTERNAL', `The model could not be reloaded after a failure (${this.broken}). Call load() again.`);
    }
    if (!this.session) {
      throw new Qwen3Error('NOT_LOADED', 'No model is loaded: call load() and wait for it before chat().');
    }
    return this.session;
  }

  private async releaseSession(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.prefixes.forget();
    await this.conversations.clear();
    if (session) disposeJsonGrammars(session);
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
