/**
 * The chat controller: conversation, load state and the reply in progress,
 * framework-free. UI bindings read it through `subscribe` / `getSnapshot`.
 */
import { Qwen3Error, toQwen3Error } from '../errors.js';
import type { ChatMessage, FinishEvent, FinishReason, LoadedModel, ToolCallPart } from '../types.js';
import { acquireSharedClient, type SharedClientLease } from './client-registry.js';
import { estimatedTokensPerSecond, FALLBACK_THINKING_BUDGET, thinkingBudgetForSpeed } from './default-thinking-budget.js';
import { animationFrameScheduler } from './frame-scheduler.js';
import { generateMessageId, withIds, withoutIds } from './message-id.js';
import { applyChatEvent, closeReasoning, createReplyDraft, draftToMessage, type ReplyDraft } from './reply-draft.js';
import { replyStatsFrom } from './reply-stats.js';
import { runnableCalls, runToolCalls } from './run-tool-calls.js';
import type {
  AssistantMessage,
  ChatClient,
  ChatController,
  ChatControllerOptions,
  ChatSnapshot,
  ChatStatus,
  ExecutableTool,
  GenerationOptions,
  ReplyStats,
  UIMessage,
} from './types.js';

/** One reply, from the moment it is asked for until its `finish` event. */
interface Run {
  /** The reply's message id, the same from its first frame to its `finish`. */
  readonly id: string;
  readonly abort: AbortController;
  draft: ReplyDraft;
  /** Sent again once already, after the shared engine moved (`ENGINE_MOVED`). */
  retried?: boolean;
  /** The message object of this reply currently in `messages`, once something streamed. */
  message: AssistantMessage | undefined;
  /** Events arrived since the last snapshot. */
  dirty: boolean;
  stopped: boolean;
  /** Why the reply ended, once its `finish` arrived. */
  reason?: FinishReason;
}

type Patch = { -readonly [K in keyof ChatSnapshot]?: ChatSnapshot[K] };

/** Replies per message sent while tools run, unless `maxToolSteps` says otherwise. */
const DEFAULT_MAX_TOOL_STEPS = 5;

/** Replies shorter than this measure the decode speed too roughly to set the budget by. */
const MIN_MEASURED_TOKENS = 16;

/**
 * Creates a chat controller. Nothing happens until `load()` or
 * `sendMessage()`: no worker is started on creation.
 *
 * @example
 * ```ts
 * import { createChatController } from 'qwen3-web';
 * const chat = createChatController({ model: 'onnx-community/Qwen3-0.6B-ONNX' });
 * chat.subscribe(() => console.log(chat.getSnapshot().status));
 * await chat.sendMessage('Why is the sky blue?');
 * ```
 */
export function createChatController(options: ChatControllerOptions = {}): ChatController {
  return new Controller(options);
}

class Controller implements ChatController {
  private snapshot: ChatSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly scheduleFrame;
  private readonly generateId: () => string;
  private pending: Patch = {};
  private cancelFrame: (() => void) | undefined;
  private lease: SharedClientLease | undefined;
  private loading: Promise<void> | undefined;
  private loadFailed = false;
  /** Bumped by `detach()`: late results of an older attachment are dropped. */
  private epoch = 0;
  private run: Run | undefined;
  /** Sent with every request: the engine keeps this chat's KV cache apart from other chats' (and other tabs'). */
  private readonly conversationId = `chat-${generateMessageId()}`;
  /** The last reply started, whose figures the snapshot shows. */
  private lastRun: Run | undefined;

  constructor(private readonly options: ChatControllerOptions) {
    this.scheduleFrame = options.scheduleFrame ?? animationFrameScheduler;
    this.generateId = options.generateId ?? generateMessageId;
    const auto = options.thinkingBudget === undefined;
    this.snapshot = {
      messages: withIds(options.initialMessages ?? [], this.generateId),
      status: 'idle',
      progress: undefined,
      loaded: undefined,
      error: undefined,
      thinking: options.thinking ?? true,
      thinkingBudget: auto ? FALLBACK_THINKING_BUDGET : checkBudget(options.thinkingBudget!),
      autoThinkingBudget: auto,
      busy: false,
      stats: undefined,
      contextUsage: undefined,
      contextTrimmed: undefined,
    };
  }

  getSnapshot = (): ChatSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  load(): Promise<void> {
    if (this.loading) return this.loading;
    if (this.snapshot.loaded && this.hasClient()) return Promise.resolve();
    const epoch = this.epoch;
    this.set({ status: 'loading', error: undefined });
    const loading = this.loadModel(epoch).then(
      (loaded) => {
        if (epoch !== this.epoch) return;
        this.loadFailed = false;
        this.set({ loaded, status: this.run ? 'submitted' : 'ready', ...this.budgetForSpeed(estimatedTokensPerSecond(loaded)) });
      },
      (error: unknown) => {
        if (epoch !== this.epoch) return;
        this.loadFailed = true;
        this.fail(error);
      },
    );
    this.loading = loading.finally(() => {
      if (epoch === this.epoch) this.loading = undefined;
    });
    return this.loading;
  }

  sendMessage(text: string): Promise<void> {
    if (this.run) return Promise.reject(busyError('sendMessage'));
    if (typeof text !== 'string' || text.trim().length === 0) return Promise.resolve();
    const message: UIMessage = { id: this.generateId(), role: 'user', content: text };
    this.set({ messages: [...this.snapshot.messages, message], error: undefined });
    return this.startRun();
  }

  regenerate(): Promise<void> {
    if (this.run) return Promise.reject(busyError('regenerate'));
    const { messages } = this.snapshot;
    const lastUser = messages.findLastIndex((message) => message.role === 'user');
    if (lastUser === -1) return Promise.resolve();
    this.set({ messages: messages.slice(0, lastUser + 1), error: undefined });
    return this.startRun();
  }

  stop(): void {
    const run = this.run;
    if (!run) return;
    run.stopped = true;
    run.abort.abort();
    this.run = undefined;
    closeReasoning(run.draft, now());
    const streamed = run.message !== undefined || run.dirty;
    const message = streamed ? draftToMessage(run.draft, run.id) : undefined;
    const messages = message ? this.withReply(run, message) : this.snapshot.messages;
    run.message = message;
    this.set({ messages, status: this.restingStatus(), busy: false });
    if (message) this.options.onFinish?.({ message, messages, reason: 'aborted', stats: undefined });
  }

  continueAfterTools(): Promise<void> {
    if (this.run) return Promise.reject(busyError('continueAfterTools'));
    if (this.snapshot.messages.at(-1)?.role !== 'tool') {
      return Promise.reject(new Qwen3Error('INVALID_ARGUMENT', 'continueAfterTools() needs a conversation ending with tool results (`tool` messages).'));
    }
    this.set({ error: undefined });
    return this.startRun();
  }

  retry(): Promise<void> {
    if (this.loadFailed || !this.snapshot.loaded) return this.load();
    return this.regenerate();
  }

  setMessages(update: readonly ChatMessage[] | ((messages: readonly UIMessage[]) => readonly ChatMessage[])): void {
    this.flush();
    const given = typeof update === 'function' ? update(this.snapshot.messages) : update;
    if (!Array.isArray(given)) throw new Qwen3Error('INVALID_ARGUMENT', 'setMessages() needs an array of messages.');
    const messages = withIds(given, this.generateId);
    const run = this.run;
    // The reply in progress streams on only if its message is still there.
    if (run && (run.message === undefined || !messages.some((message) => message.id === run.id))) {
      run.message = undefined;
      run.dirty = false;
      this.stop();
    }
    this.set({ messages });
  }

  setThinking(thinking: boolean): void {
    if (typeof thinking !== 'boolean') throw new Qwen3Error('INVALID_ARGUMENT', `thinking must be true or false; got ${String(thinking)}.`);
    this.set({ thinking });
  }

  setThinkingBudget(budget: number): void {
    this.set({ thinkingBudget: checkBudget(budget), autoThinkingBudget: false });
  }

  clearError(): void {
    if (!this.snapshot.error && this.snapshot.status !== 'error') return;
    this.set({ error: undefined, status: this.run ? this.snapshot.status : this.restingStatus() });
  }

  detach(): void {
    this.stop();
    this.epoch++;
    this.loading = undefined;
    this.lease?.release();
    this.lease = undefined;
    if (!this.options.client) this.set({ loaded: undefined, status: this.snapshot.error ? 'error' : 'idle' });
  }

  // ---- replies ----

  private startRun(): Promise<void> {
    return this.reply(this.newRun(), 0);
  }

  private newRun(): Run {
    const run: Run = {
      id: this.generateId(),
      abort: new AbortController(),
      draft: createReplyDraft(),
      message: undefined,
      dirty: false,
      stopped: false,
    };
    this.run = run;
    this.lastRun = run;
    this.set({ busy: true });
    return run;
  }

  /** Streams `run`'s reply, the `step`th since the message was sent; then runs its tool calls and goes on, if the chat can. */
  private async reply(run: Run, step: number): Promise<void> {
    if (!this.snapshot.loaded || !this.hasClient()) {
      await this.load();
      // Stopped, detached or failed while the model loaded.
      if (this.run !== run) return;
      if (!this.snapshot.loaded) {
        this.run = undefined;
        this.set({ busy: false });
        return;
      }
    }
    this.set({ status: 'submitted', error: undefined });
    const { thinking, thinkingBudget, messages } = this.snapshot;
    const chatOptions = typeof this.options.chatOptions === 'function' ? this.options.chatOptions() : this.options.chatOptions;
    try {
      // No `maxNewTokens` unless the app set one: the engine's default then
      // covers the thinking budget plus room for the answer, so every budget
      // step takes effect and the reasoning cannot eat the whole reply.
      const tools = this.tools();
      const request = {
        contextOverflow: this.options.contextOverflow ?? 'drop-oldest',
        conversationId: this.conversationId,
        ...chatOptions,
        // A forced choice is for the reply to the user; after tool results the model chooses.
        ...(step > 0 && chatOptions?.toolChoice !== undefined && chatOptions.toolChoice !== 'none' && { toolChoice: 'auto' as const }),
        // The worker gets the tools' definitions; `execute` stays here.
        ...(tools.length > 0 && { tools: tools.map(({ execute: _execute, ...definition }) => definition) }),
        thinking,
        thinkingBudget,
      };
      this.set({ contextTrimmed: undefined });
      const events = this.client().chat(withoutIds(messages), { ...request, signal: run.abort.signal });
      for await (const event of events) {
        if (event.type === 'finish') {
          run.reason = event.reason;
          this.finishRun(run, event);
          void this.measureContext(request);
        } else if (event.type === 'context-trimmed') this.set({ contextTrimmed: event });
        else if (!run.stopped) {
          applyChatEvent(run.draft, event, now());
          run.dirty = true;
          this.scheduleFlush();
        }
      }
    } catch (error) {
      if (run.stopped || this.run !== run) return;
      if (Qwen3Error.isInstance(error) && error.code === 'ENGINE_MOVED' && !run.retried) {
        // The shared engine's worker died mid-reply and a new one has the
        // model again: the reply starts over there, once.
        run.retried = true;
        run.draft = createReplyDraft();
        run.dirty = false;
        run.message = undefined;
        this.set({ messages: this.snapshot.messages.filter((message) => message.id !== run.id) });
        await this.reply(run, step);
        return;
      }
      closeReasoning(run.draft, now());
      this.run = undefined;
      const streamed = run.message !== undefined || run.dirty;
      this.set({ busy: false, ...(streamed && { messages: this.withReply(run, draftToMessage(run.draft, run.id)) }) });
      // The client knows where the model is after a failure: a GPU failure
      // moves it to WASM, or loses it (then retry() loads it again).
      this.set({ loaded: this.client().loaded });
      this.fail(error);
      return;
    }
    if (run.reason === 'tool-calls' && !run.stopped && this.run === undefined) await this.continueWithTools(run, step);
  }

  /** Runs `run`'s tool calls and streams the next reply, when every call can be answered here and steps are left. */
  private async continueWithTools(run: Run, step: number): Promise<void> {
    const tools = this.tools();
    const content = run.message?.content ?? [];
    const calls = runnableCalls(
      content.filter((part): part is ToolCallPart => part.type === 'tool-call'),
      tools,
    );
    if (!calls || step + 1 >= (this.options.maxToolSteps ?? DEFAULT_MAX_TOOL_STEPS)) return;
    const next = this.newRun();
    this.set({ status: 'submitted' });
    const results = await runToolCalls(calls, tools, next.abort.signal);
    if (this.run !== next || next.stopped) return;
    this.set({ messages: [...this.snapshot.messages, ...withIds(results, this.generateId)] });
    await this.reply(next, step + 1);
  }

  /** The tools of the next reply: the controller's, else `chatOptions.tools` (which cannot run here). */
  private tools(): readonly ExecutableTool[] {
    const own = typeof this.options.tools === 'function' ? this.options.tools() : this.options.tools;
    if (own) return own;
    const chatOptions = typeof this.options.chatOptions === 'function' ? this.options.chatOptions() : this.options.chatOptions;
    return chatOptions?.tools ?? [];
  }

  private finishRun(run: Run, finish: FinishEvent): void {
    const stats = replyStatsFrom(finish);
    const budget = this.budgetForSpeed(measuredTokensPerSecond(stats));
    if (run.stopped) {
      // The stopped reply stays as the user saw it; only its figures arrive now.
      if (this.lastRun === run) this.set({ stats, ...budget });
      return;
    }
    this.run = undefined;
    const message: AssistantMessage = { ...finish.message, id: run.id };
    const messages = this.withReply(run, message);
    run.message = message;
    run.dirty = false;
    this.set({ messages, status: 'ready', stats, busy: false, ...budget });
    this.options.onFinish?.({ message, messages, reason: finish.reason, stats });
  }

  /**
   * Measures the conversation as the next message would send it, in the
   * worker's tokenizer (it does not wait for the model), and shows it as
   * `contextUsage`. A client that cannot measure leaves it unset.
   */
  private async measureContext(request: GenerationOptions & { thinking: boolean; thinkingBudget: number }): Promise<void> {
    const client = this.client();
    const window = client.loaded?.contextWindow;
    const epoch = this.epoch;
    const messages = this.snapshot.messages;
    if (!client.measureContextUsage || window === undefined || messages.length === 0) return;
    try {
      const tokens = await client.measureContextUsage(withoutIds(messages), request);
      if (epoch !== this.epoch || this.snapshot.messages !== messages) return;
      this.set({ contextUsage: { tokens, contextWindow: window, fraction: tokens / window } });
    } catch {
      // A figure for display only: a failed measurement leaves the last one.
    }
  }

  /** `messages` with the run's reply replaced (or appended, the first time). */
  private withReply(run: Run, message: AssistantMessage): UIMessage[] {
    const messages = [...this.snapshot.messages];
    const index = run.message ? messages.findLastIndex((entry) => entry.id === run.id) : -1;
    if (index >= 0) messages[index] = message;
    else messages.push(message);
    return messages;
  }

  /** The automatic budget for a decode speed, while nobody chose one. */
  private budgetForSpeed(tokensPerSecond: number | undefined): Patch {
    if (!this.snapshot.autoThinkingBudget || tokensPerSecond === undefined) return {};
    return { thinkingBudget: thinkingBudgetForSpeed(tokensPerSecond) };
  }

  // ---- loading ----

  private hasClient(): boolean {
    return this.options.client !== undefined || this.lease !== undefined;
  }

  private client(): ChatClient {
    if (this.options.client) return this.options.client;
    this.lease ??= acquireSharedClient(this.options);
    return this.lease.client;
  }

  private async loadModel(epoch: number): Promise<LoadedModel> {
    const onProgress = (progress: ChatSnapshot['progress']): void => {
      if (epoch === this.epoch) this.setSoon({ progress });
    };
    const own = this.options.client;
    if (!own) {
      this.lease ??= acquireSharedClient(this.options);
      return this.lease.load(onProgress);
    }
    const { model, host, device, dtype, revision, contextWindow } = this.options;
    if (own.loaded && (model === undefined || own.loaded.model === model)) return own.loaded;
    return own.load({
      ...(model !== undefined && { model }),
      ...(host !== undefined && { host }),
      ...(device !== undefined && { device }),
      ...(dtype !== undefined && { dtype }),
      ...(revision !== undefined && { revision }),
      ...(contextWindow !== undefined && { contextWindow }),
      onProgress,
    });
  }

  private restingStatus(): ChatStatus {
    if (this.loading) return 'loading';
    return this.snapshot.loaded ? 'ready' : 'idle';
  }

  private fail(error: unknown): void {
    const failure = toQwen3Error(error);
    this.set({ status: 'error', error: failure });
    this.options.onError?.(failure);
  }

  // ---- snapshots ----

  /** Applies a change now (with anything pending), and notifies. */
  private set(patch: Patch): void {
    Object.assign(this.pending, patch);
    this.flush();
  }

  /** Applies a change at the next frame. */
  private setSoon(patch: Patch): void {
    Object.assign(this.pending, patch);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    this.cancelFrame ??= this.scheduleFrame(() => {
      this.cancelFrame = undefined;
      this.flush();
    });
  }

  private flush(): void {
    this.cancelFrame?.();
    this.cancelFrame = undefined;
    const patch = this.pending;
    this.pending = {};
    const run = this.run;
    if (run?.dirty && !run.stopped) {
      run.dirty = false;
      const message = draftToMessage(run.draft, run.id);
      patch.messages = this.withReply(run, message);
      run.message = message;
      if ((patch.status ?? this.snapshot.status) === 'submitted') patch.status = 'streaming';
    }
    let changed = false;
    for (const key of Object.keys(patch) as Array<keyof ChatSnapshot>) {
      if (!Object.is(patch[key], this.snapshot[key])) changed = true;
    }
    if (!changed) return;
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of [...this.listeners]) listener();
  }
}

function busyError(method: string): Qwen3Error {
  return new Qwen3Error(
    'BUSY',
    `${method}() was called while a reply is in progress: wait until it ends (status "ready", busy false) or call stop() first.`,
  );
}

/** The decode speed a reply measured, if it generated enough tokens to tell. */
function measuredTokensPerSecond(stats: ReplyStats): number | undefined {
  const generated = Math.max(stats.usage.completionTokens, stats.usage.reasoningTokens);
  if (generated < MIN_MEASURED_TOKENS || !(stats.tokensPerSecond > 0)) return undefined;
  return stats.tokensPerSecond;
}

function checkBudget(budget: number): number {
  const ok = budget === Infinity || (Number.isInteger(budget) && budget >= 0);
  if (!ok) {
    throw new Qwen3Error('INVALID_ARGUMENT', `thinkingBudget must be a whole number ≥ 0, or Infinity for unlimited; got ${String(budget)}.`);
  }
  return budget;
}

function now(): number {
  return performance.now();
}
