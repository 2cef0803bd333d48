/**
 * The public types of the chat controller: its state (a snapshot), its
 * options, and the small client interface it drives.
 */
import type { Qwen3Client } from '../client/create-client.js';
import type { Qwen3Error } from '../errors.js';
import type {
  ChatEvent,
  ChatMessage,
  ChatTool,
  ChatOptions,
  ContextTrimmedEvent,
  Device,
  Dtype,
  FinishReason,
  LoadedModel,
  LoadProgress,
  MessagePart,
  Timings,
  Usage,
} from '../types.js';

/**
 * Where the chat is:
 * - `idle`: nothing loaded yet and no load running (before `load()`, or with `autoLoad: false`);
 * - `loading`: the model is downloading or compiling;
 * - `ready`: waiting for the user;
 * - `submitted`: a message was sent, no token has arrived yet;
 * - `streaming`: the reply is arriving;
 * - `error`: the last load or reply failed (see `error`).
 */
export type ChatStatus = 'idle' | 'loading' | 'ready' | 'submitted' | 'streaming' | 'error';

/**
 * A message as a chat holds it: a {@link ChatMessage} with a stable `id`
 * (like AI SDK's `UIMessage`), for React keys, edits and storage. Messages
 * given without one get one; a reply keeps the same id from its first
 * streamed frame to its `finish`. The ids stay in the chat: the engine gets
 * roles and contents only.
 */
export interface UIMessage extends ChatMessage {
  readonly id: string;
}

/** An assistant message as the controller builds it: always a list of parts. */
export interface AssistantMessage extends UIMessage {
  role: 'assistant';
  content: MessagePart[];
}

/**
 * A {@link ChatTool} the chat runs itself: `execute` gets the call's checked
 * arguments; what it returns (a string as it is, anything else as JSON) is
 * the result the model reads. A thrown error is given to the model as
 * `{"error": message}`, so it can try again.
 */
export interface ExecutableTool extends ChatTool {
  // The arguments were checked against `parameters`: type them as your schema says.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  execute?: (input: any, context: { toolCallId: string; signal: AbortSignal }) => unknown;
}

/** Generation options a chat passes to every reply. */
export type GenerationOptions = Omit<ChatOptions, 'signal' | 'thinking' | 'thinkingBudget'>;

/** Figures of the last reply, from its `finish` event. */
export interface ReplyStats {
  reason: FinishReason;
  /** From sending to the first generated token, prompt processing included. */
  timeToFirstTokenMs: number;
  /** Generated tokens per second after the first one. */
  tokensPerSecond: number;
  reasoningTokens: number;
  /** Answer tokens: `usage.completionTokens` less the reasoning. */
  answerTokens: number;
  totalMs: number;
  usage: Usage;
  timings: Timings;
}

/** What {@link ChatController.getSnapshot} returns. Never mutated: a change makes a new object. */
export interface ChatSnapshot {
  /** The conversation, each message with its `id`. */
  readonly messages: readonly UIMessage[];
  readonly status: ChatStatus;
  /** The last load progress report; `undefined` before the first one. */
  readonly progress: LoadProgress | undefined;
  /** The model once loaded. */
  readonly loaded: LoadedModel | undefined;
  /** Why `status` is `error`. */
  readonly error: Qwen3Error | undefined;
  /** Thinking mode for the next message. */
  readonly thinking: boolean;
  /** Reasoning tokens allowed in the next reply; `Infinity` = unlimited. */
  readonly thinkingBudget: number;
  /**
   * True while nobody chose the budget (no `thinkingBudget` option, no
   * `setThinkingBudget()`): it then follows the device's speed, as
   * {@link ChatControllerOptions.thinkingBudget} explains.
   */
  readonly autoThinkingBudget: boolean;
  /**
   * A reply is in progress: from `sendMessage()` or `regenerate()` until it
   * ends, a wait for the model to load included. `sendMessage()` and
   * `regenerate()` reject with `BUSY` meanwhile.
   */
  readonly busy: boolean;
  /** Figures of the last finished reply. */
  readonly stats: ReplyStats | undefined;
  /**
   * How full the context is after the last reply: the prompt tokens the
   * conversation takes as it would be sent next, against the model's
   * `contextWindow` (exact, from the model's tokenizer). `undefined` before
   * the first reply, or with a client that cannot measure.
   */
  readonly contextUsage: ContextUsage | undefined;
  /** Set when the last reply's prompt left out the oldest turns to fit (`contextOverflow: 'drop-oldest'`). */
  readonly contextTrimmed: ContextTrimmedEvent | undefined;
}

/** How full the context is. */
export interface ContextUsage {
  /** Prompt tokens of the conversation (template and thinking mode included). */
  tokens: number;
  contextWindow: number;
  /** `tokens / contextWindow`; above 1 the oldest turns no longer reach the model. */
  fraction: number;
}

/** What `onFinish` receives. */
export interface ChatFinishInfo {
  /** The finished (or stopped) reply, as it stands in `messages`. */
  message: AssistantMessage;
  messages: readonly UIMessage[];
  reason: FinishReason;
  /** Absent for a reply stopped with `stop()` (its figures arrive later in the snapshot). */
  stats: ReplyStats | undefined;
}

/** The part of {@link Qwen3Client} the controller uses; a fake one is enough in a unit test. */
export type ChatClient = Pick<Qwen3Client, 'load' | 'loaded'> &
  Partial<Pick<Qwen3Client, 'measureContextUsage'>> & {
    chat(messages: ChatMessage[], options?: ChatOptions): AsyncIterable<ChatEvent>;
  };

/** Runs `callback` before the next paint; returns a function that cancels it. */
export type FrameScheduler = (callback: () => void) => () => void;

/** Which model to load, and how. Controllers with equal settings share one client. */
export interface ChatModelOptions {
  /** Hugging Face model id. Default `onnx-community/Qwen3-0.6B-ONNX`. */
  model?: string;
  /** Hub host. Default `https://huggingface.co`. */
  host?: string;
  /** Default `auto` (WebGPU when usable, else WASM). */
  device?: Device;
  dtype?: Dtype;
  /** Branch, tag or commit. Default `main`. */
  revision?: string;
  /** The most tokens of context to allow (see `LoadOptions.contextWindow`). Default: what the model can hold here. */
  contextWindow?: number;
  /**
   * One engine for every tab of the origin (see `Qwen3ClientOptions.shared`):
   * the model is downloaded, loaded and held in memory once however many
   * tabs run the chat. Default false.
   */
  shared?: boolean;
}

/** Options of {@link createChatController}. */
export interface ChatControllerOptions extends ChatModelOptions {
  /** The conversation to start from (messages without an `id` get one). */
  initialMessages?: readonly ChatMessage[];
  /** Thinking mode to start with. Default true. */
  thinking?: boolean;
  /**
   * Thinking budget to start with: reasoning tokens, or `Infinity` for
   * unlimited. Default: chosen from the device's speed — the largest budget
   * slider step the model reasons through in about 20 s (estimated from the
   * model, device and threads when it loads, then measured by each reply),
   * at least 128 tokens; 512 until the model has loaded. So a reply reaches
   * its answer in about the same time everywhere.
   */
  thinkingBudget?: number;
  /**
   * Generation options for every reply (`maxNewTokens`, `temperature`…), or a
   * function returning them, read at each send. Thinking and its budget come
   * from the controller's state.
   */
  chatOptions?: GenerationOptions | (() => GenerationOptions);
  /**
   * When the conversation outgrows the context: `drop-oldest` (the default
   * here, as in a chat UI nobody wants an error after a long conversation)
   * leaves the oldest whole turns out of the prompt — they stay in
   * `messages`, and `contextTrimmed` says what the model no longer saw;
   * `error` fails the reply with `CONTEXT_OVERFLOW`. `chatOptions` may
   * override it per reply.
   */
  contextOverflow?: 'error' | 'drop-oldest';
  /**
   * Tools the model may call. Those with `execute` the chat runs itself: each
   * call's result becomes a `tool` message and the reply goes on, up to
   * `maxToolSteps` replies per message sent. A call to a tool without
   * `execute` (or a malformed call when no tool runs) ends the loop, with the
   * calls in the last reply for the app to answer (`setMessages`, then
   * `continueAfterTools()`). Overrides `chatOptions.tools`. A forced
   * `chatOptions.toolChoice` applies to the reply to the user's message; the
   * replies after tool results choose freely (`auto`).
   */
  tools?: readonly ExecutableTool[] | (() => readonly ExecutableTool[] | undefined);
  /** Replies per message sent when tools run (default 5): the last one's calls are left unanswered. */
  maxToolSteps?: number;
  /** Called when a reply ends, stopped ones included. */
  onFinish?: (info: ChatFinishInfo) => void;
  /** Called when a load or a reply fails. */
  onError?: (error: Qwen3Error) => void;
  /**
   * Your own client, e.g. one built with a custom worker. The controller then
   * neither shares nor disposes it. Default: a client shared by every
   * controller with the same model settings (see `acquireSharedClient`).
   */
  client?: ChatClient;
  /** How UI updates are coalesced while streaming. Default: one per animation frame. */
  scheduleFrame?: FrameScheduler;
  /** Makes message ids. Default: 16 random characters. */
  generateId?: () => string;
}

/**
 * A framework-free chat: the conversation, the model's load state and the
 * reply in progress, behind a `subscribe` / `getSnapshot` pair that fits
 * React's `useSyncExternalStore` (or any other store binding).
 */
export interface ChatController {
  /** The current state. The same object until something changes. */
  getSnapshot(): ChatSnapshot;
  /** Calls `listener` after each change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Loads the model (shared with other controllers of the same settings). Never rejects: failures land in `error`. */
  load(): Promise<void>;
  /**
   * Appends a user message and streams the reply, loading the model first if
   * needed; resolves when the reply has ended. Ignored when `text` is blank.
   * While another reply is in progress (`busy`), it rejects with a
   * `Qwen3Error` of code `BUSY` and changes nothing: wait for the reply, or
   * `stop()` it, then send. Failures of the load or the reply land in
   * `error`; the promise does not reject for them.
   */
  sendMessage(text: string): Promise<void>;
  /** Drops the last assistant reply and asks again. Rejects with `BUSY` like `sendMessage()`. */
  regenerate(): Promise<void>;
  /**
   * Streams the next reply of a conversation that ends with tool results
   * (`tool` messages the app added for calls the chat did not run). Rejects
   * with `BUSY` like `sendMessage()`.
   */
  continueAfterTools(): Promise<void>;
  /** Stops the reply in progress, keeping what was generated. */
  stop(): void;
  /** After a failure: loads again if the load failed, else regenerates the last reply. */
  retry(): Promise<void>;
  /**
   * Replaces the conversation (stops a reply in progress if its message, by
   * `id`, is gone). Messages without an `id` get one.
   */
  setMessages(messages: readonly ChatMessage[] | ((messages: readonly UIMessage[]) => readonly ChatMessage[])): void;
  setThinking(thinking: boolean): void;
  /**
   * A whole number of tokens ≥ 0, or `Infinity` for unlimited. Applies to the
   * next reply, and ends the automatic choice (`autoThinkingBudget`).
   */
  setThinkingBudget(budget: number): void;
  /** Forgets the error; the status goes back to `ready` (or `idle` if nothing is loaded). */
  clearError(): void;
  /**
   * Stops any reply and lets go of the shared client; the worker closes when
   * no controller holds it any more. A later `load()` or `sendMessage()`
   * takes it again, so a detached controller stays usable.
   */
  detach(): void;
}
