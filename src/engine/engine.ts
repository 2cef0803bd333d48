/**
 * The engine the worker exposes: one loaded model, requests served in order.
 */
import { Qwen3Error, toQwen3Error } from '../errors.js';
import { validateChatOptions, validateLoadOptions, validateMessages } from '../core/validate.js';
import { transfer } from 'comlink';
import type { ChatRequest, ChatSink, EngineApi, LoadRequest, LogitsReport, ProgressSink, WasmPaths } from '../protocol.js';
import type { ChatMessage, LoadedModel } from '../types.js';
import { EventBatcher } from './event-batcher.js';
import { generateReply } from './generate-reply.js';
import type { ConversationCache } from './kv-cache.js';
import { lastPositionLogits } from './inspect-logits.js';
import { DEFAULT_HOST, DEFAULT_MODEL, DEFAULT_REVISION, loadModel } from './load-model.js';
import type { ModelSession } from './model-session.js';
import { ProgressTracker } from './progress-tracker.js';
import { RequestQueue } from './request-queue.js';
import { defaultModelStore } from '../store/model-store.js';
import { yieldBeforeEachForward } from './yield-each-step.js';

/** Implements {@link EngineApi} inside the worker. */
export class Engine implements EngineApi {
  private session: ModelSession | undefined;
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
      const resolved = {
        ...request,
        model: request.model ?? DEFAULT_MODEL,
        host: request.host ?? DEFAULT_HOST,
        revision: request.revision ?? DEFAULT_REVISION,
      };
      const context = {
        store: defaultModelStore(),
        signal: controller.signal,
        wasmPaths: request.wasmPaths ?? this.defaultWasmPaths,
      };
      const tracker = new ProgressTracker((progress) => void onProgress?.(progress));
      const attempt = () => loadModel(resolved, { ...context, tracker });
      // A damaged stored file is discarded when found; one more attempt downloads it afresh.
      const session = await attempt().catch((error: unknown) => {
        if (Qwen3Error.isInstance(error) && error.code === 'INTEGRITY') return attempt();
        throw error;
      });
      yieldBeforeEachForward(session.model as unknown as { forward: (...args: never[]) => Promise<unknown> });
      this.session = session;
      tracker.setPhase('ready');
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
      const batcher = new EventBatcher((events) => sink(events));
      const previous = this.conversation;
      this.conversation = undefined;
      try {
        this.conversation = await generateReply(
          session,
          messages,
          options,
          (events) => batcher.add(events),
          () => this.aborted.has(requestId),
          previous,
        );
        await batcher.flush();
      } catch (error) {
        await batcher.flush();
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

  abort(requestId: number): void {
    this.aborted.add(requestId);
  }

  unload(): Promise<void> {
    return this.queue.run(() => this.releaseSession());
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
    await this.conversation?.pastKeyValues.dispose();
    this.conversation = undefined;
    await session?.model.dispose();
  }
}
