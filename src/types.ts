/**
 * The public data types of the SDK: messages, options, events. All of them are
 * plain, structured-cloneable data, because they cross the worker boundary.
 */

/** Who wrote a message: `tool` is a tool's result, answering an assistant's {@link ToolCallPart}. */
export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

/** Visible answer text of a message. */
export interface TextPart {
  type: 'text';
  text: string;
}

/**
 * The model's reasoning (what Qwen3 writes inside `<think>…</think>`). It is
 * shown to the user but never fed back to the model in later turns.
 */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  /** `streaming` while the model is still thinking. */
  state?: 'streaming' | 'done';
  /** How long the model thought, in milliseconds. */
  durationMs?: number;
  /** How many tokens the reasoning took. */
  tokens?: number;
  /** Set when a limit cut the reasoning before the model closed it (see {@link ReasoningCut}). */
  cutBy?: ReasoningCut;
}

/**
 * What cut a reply's reasoning short:
 * - `budget`: the thinking budget ran out; the model was told to answer, and did.
 * - `max-tokens`: `maxNewTokens` (or the end of the context) was reached inside
 *   the reasoning; the reply has no answer.
 */
export type ReasoningCut = 'budget' | 'max-tokens';

/**
 * A tool call the model made (see {@link ChatOptions.tools}). A call the app
 * cannot run carries `error`; it stays in the reply so that the app can
 * answer it (a `tool` message saying what was wrong) and the model can try
 * again.
 */
export interface ToolCallPart {
  type: 'tool-call';
  /** Answer it with a `{ role: 'tool', toolCallId, content }` message. */
  toolCallId: string;
  /** `''` when the call named no tool. */
  toolName: string;
  /** The parsed arguments (checked against the tool's schema unless `error` says otherwise). */
  input: unknown;
  /** The arguments' JSON exactly as the model wrote it (what the next prompt renders). */
  inputText: string;
  error?: { code: ToolCallErrorCode; message: string };
}

/** One part of a message's content. */
export type MessagePart = TextPart | ReasoningPart | ToolCallPart;

/**
 * A chat message. `content` is either plain text or a list of parts; an
 * assistant reply returned by the SDK carries its reasoning, its answer and
 * its tool calls as separate parts. A `tool` message is a tool's result:
 * `toolCallId` names the call it answers.
 */
export interface ChatMessage {
  role: ChatRole;
  content: string | MessagePart[];
  /** On `tool` messages: the {@link ToolCallPart.toolCallId} answered. */
  toolCallId?: string;
}

/**
 * A tool the model may call: Qwen3's chat template lists it in the system
 * prompt, as OpenAI's function format. `parameters` is a JSON Schema of the
 * arguments object (none: no arguments).
 */
export interface ChatTool {
  name: string;
  description?: string;
  parameters?: JsonSchema;
}

/** A JSON Schema (draft 2020-12 or 7), as plain data. */
export type JsonSchema = { [key: string]: unknown };

/**
 * Whether the reply calls a tool: `auto` (the model decides), `none` (it
 * cannot), `required` (it must call one), or one named tool, which it must call.
 */
export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'tool'; toolName: string };

/**
 * The form of the answer. `{ type: 'json' }`: the answer is one JSON value;
 * with `schema`, one that matches it. The reasoning stays free: the
 * constraint starts where the answer does (after `</think>`, or at the first
 * token with thinking off), and the answer is written in one layout, with
 * `", "` and `": "` between items and no other whitespace.
 */
export type ResponseFormat = { type: 'text' } | { type: 'json'; schema?: JsonSchema };

/** Why a tool call cannot be run. */
export type ToolCallErrorCode = 'INVALID_JSON' | 'UNKNOWN_TOOL' | 'INVALID_ARGUMENTS' | 'INCOMPLETE';

/** Where the model runs. `auto` picks WebGPU when usable, else WASM. */
export type Device = 'auto' | 'webgpu' | 'wasm';

/** Weight precision, as named by the onnx-community exports. */
export type Dtype = 'auto' | 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4' | 'q4f16' | 'bnb4';

/** What the load is doing right now. */
export type LoadPhase = 'download' | 'cache' | 'compile' | 'ready';

/** Progress of one file of a model. */
export interface FileProgress {
  file: string;
  loaded: number;
  /** Bytes expected; 0 when not yet known. */
  total: number;
  done: boolean;
}

/** A progress report during {@link LoadOptions}-driven loading. */
export interface LoadProgress {
  phase: LoadPhase;
  /** The file this report is about, when it is about one. */
  file?: string;
  /** Bytes done over all files seen so far. */
  loaded: number;
  /** Bytes expected over all files seen so far (0 when unknown). */
  total: number;
  /** 0…1 over all files, when `total` is known. */
  fraction: number;
  /** Recent transfer rate estimate in bytes per second (0 when idle or unknown). */
  bytesPerSecond: number;
  /** Per-file detail. */
  files: FileProgress[];
}

/** Options of {@link Qwen3Client.load}. */
export interface LoadOptions {
  /** A Hugging Face model id laid out like `onnx-community/Qwen3-0.6B-ONNX`. Default: that one. */
  model?: string;
  /** The hub host to download from. Default `https://huggingface.co`. */
  host?: string;
  /** Branch, tag or commit. Default `main`. */
  revision?: string;
  device?: Device;
  dtype?: Dtype;
  /**
   * Run one short generation right after the load (default true), so the
   * first message does not pay for shader compilation. `load()` resolves
   * before it; a message sent at once waits for it in the queue.
   */
  warmUp?: boolean;
  /**
   * Threads onnxruntime-web's WASM backend computes with (1–16). More than one
   * needs a cross-origin isolated page (COOP `same-origin` + COEP
   * `require-corp` or `credentialless`), where `SharedArrayBuffer` exists;
   * without it WASM runs on one thread whatever is asked. Default: see
   * `defaultWasmThreads()` (measured: BENCHMARKS.md). The runtime starts once
   * per worker, so the first load fixes it: a later load asking for another
   * count fails with `INVALID_ARGUMENT` (create a new client instead).
   */
  wasmThreads?: number;
  /**
   * The most tokens of context (prompt plus reply) to allow, to bound the
   * memory a long conversation may take. Default and upper limit: what the
   * model can hold on this device and dtype ({@link LoadedModel.contextWindow}).
   */
  contextWindow?: number;
  onProgress?: (progress: LoadProgress) => void;
  signal?: AbortSignal;
}

/** What was loaded, and how. */
export interface LoadedModel {
  model: string;
  host: string;
  /** The revision asked for (a branch, tag or commit). */
  revision: string;
  /**
   * The commit SHA the files came from, as the hub's API named it; the store
   * keeps files per commit. Equal to `revision` when the host has no API.
   */
  commit: string;
  device: Exclude<Device, 'auto'>;
  dtype: Exclude<Dtype, 'auto'>;
  /**
   * Maximum tokens of prompt plus reply that this model can hold here: its
   * positions, bounded by the memory its KV cache may take on this device and
   * dtype (the 4 GiB WASM heap beside the weights; WebGPU's `maxBufferSize`),
   * and by `LoadOptions.contextWindow` when the app asked for less. A longer
   * conversation fails with `CONTEXT_OVERFLOW` before memory runs out, or
   * loses its oldest turns with `contextOverflow: 'drop-oldest'`. Measure a
   * conversation against it with `client.measureContextUsage()`.
   */
  contextWindow: number;
  /** @deprecated The same as {@link LoadedModel.contextWindow}, its earlier name. */
  contextLength: number;
  /**
   * How the model's graph was rewritten as it streamed into the runtime (the
   * stored files are never changed): `'last-position-logits'` when the graph
   * lacks `num_logits_to_keep` (the lm_head then runs on the last position
   * only), `'attention-as-matmul'` on WASM with float32 activations
   * (GroupQueryAttention as MatMul and Softmax, which onnxruntime-web runs
   * several times faster), with `'kv-cache-in-place'` (the graph returns only
   * the new positions' keys and values, and the engine grows the cache in a
   * buffer of its own instead of copying all of it at every token). Empty
   * when the graph was loaded as it is.
   */
  graphRewrites: GraphRewriteName[];
  /** Milliseconds the whole load took. */
  loadMs: number;
}

/** A rewrite the engine applies to a model's graph as it loads; see {@link LoadedModel.graphRewrites}. */
export type GraphRewriteName = 'attention-as-matmul' | 'kv-cache-in-place' | 'last-position-logits';

/** Options of {@link Qwen3Client.chat}. */
export interface ChatOptions {
  /**
   * Upper bound on generated tokens (reasoning plus answer). By default it is
   * computed per request to cover the thinking budget plus room for the
   * answer (see `defaultMaxNewTokens`), and clamped to what the context holds.
   */
  maxNewTokens?: number;
  /** 0 means greedy decoding. */
  temperature?: number;
  topK?: number;
  topP?: number;
  minP?: number;
  presencePenalty?: number;
  /** Seed for reproducible sampling. */
  seed?: number;
  /** Qwen3 thinking mode. Default true. */
  thinking?: boolean;
  /** Reasoning tokens before the model is told to answer; `Infinity` = no cut. */
  thinkingBudget?: number;
  /**
   * What to do when the conversation does not fit the context window:
   * `error` (default) throws `CONTEXT_OVERFLOW` before anything runs, with
   * the numbers in `details`; `drop-oldest` leaves out the oldest whole turns
   * (a user message with its reply; never a system message or the message
   * being answered) until the prompt fits with room for the reply
   * (`maxNewTokens`, or the thinking budget plus room for the answer; at most
   * half the window), and the reply starts with a `context-trimmed` event.
   */
  contextOverflow?: 'error' | 'drop-oldest';
  /**
   * Reuse the KV cache of the previous reply for the prompt tokens it shares
   * with this one (default true). Off, the whole prompt is prefilled.
   */
  reuseKvCache?: boolean;
  /**
   * Tools the model may call, rendered through Qwen3's own chat template.
   * Calls arrive as `tool-call-start`, `tool-call-delta` and `tool-call`
   * events (or `tool-call-error`), the reply finishes with reason
   * `tool-calls`, and the app answers each with a `tool` message.
   */
  tools?: readonly ChatTool[];
  /** Whether and which tool the reply must call (default `auto`; see {@link ToolChoice}). */
  toolChoice?: ToolChoice;
  /**
   * `{ type: 'json', schema? }` constrains the answer, token by token, to
   * JSON (matching `schema`), after free reasoning; `finish.object` holds it
   * parsed. A tool cannot be called in such a reply: `toolChoice` may only be
   * `auto` or `none`. See {@link ResponseFormat}.
   */
  responseFormat?: ResponseFormat;
  /**
   * Which conversation this request continues. The engine keeps the KV
   * caches of the last few conversations (four, within 512 MiB of idle
   * caches), so conversations that take turns — two chats on a page, or tabs
   * sharing one engine — each reuse their own. The chat controller sends one
   * per chat; requests without one share a single cache.
   */
  conversationId?: string;
  signal?: AbortSignal;
}

/** What `client.warmPrefix()` did. */
export interface WarmPrefixResult {
  /** Tokens of the prefix: its messages as the chat template renders them, without a generation prompt. */
  tokens: number;
  /** Bytes its KV cache takes in IndexedDB (counted in `listCachedModels()`). */
  bytes: number;
  /** False when the same prefix was stored already: nothing was computed. */
  created: boolean;
  /** Milliseconds spent prefilling it (0 when it was stored already). */
  prefillMs: number;
}

/** Why a reply ended; `tool-calls`: with tool calls for the app to run (see {@link ToolCallPart}). */
export type FinishReason = 'stop' | 'length' | 'aborted' | 'tool-calls';

/**
 * Token counts of one reply, counted as OpenAI's `usage`, the AI SDK and
 * WebLLM count them: `completionTokens` is every generated token.
 */
export interface Usage {
  promptTokens: number;
  /**
   * Every token generated for this reply: the reasoning (with the forced
   * stop-thinking instruction), the answer, and the end-of-sequence token
   * when the model wrote one. Never more than `maxNewTokens`.
   */
  completionTokens: number;
  /**
   * The part of `completionTokens` spent in the think block, its closing
   * `</think>` and any forced stop-thinking tokens included.
   */
  reasoningTokens: number;
  /** Prompt tokens that had to be run through the model (the rest came from the KV cache). */
  prefillTokens: number;
}

/** Timings of one reply, in milliseconds and tokens per second. */
export interface Timings {
  timeToFirstTokenMs: number;
  /** Prompt tokens processed per second during prefill. */
  prefillTokensPerSecond: number;
  /** Generated tokens per second after the first one. */
  decodeTokensPerSecond: number;
  reasoningMs: number;
  totalMs: number;
}

/** Answer text arrived. */
export interface TextDeltaEvent {
  type: 'text-delta';
  text: string;
}

/** Reasoning text arrived (the inside of `<think>…</think>`). */
export interface ReasoningDeltaEvent {
  type: 'reasoning-delta';
  text: string;
}

/**
 * The reasoning ended: the model closed it, the thinking budget cut it, or
 * the reply stopped inside it (`maxNewTokens` reached, or aborted; then the
 * event comes just before `finish`).
 */
export interface ReasoningEndEvent {
  type: 'reasoning-end';
  /** Tokens of the think block (see {@link Usage.reasoningTokens}). */
  tokens: number;
  durationMs: number;
  /** True when the thinking budget cut the reasoning (`cutBy === 'budget'`). */
  budgetReached: boolean;
  /** Set when a limit cut the reasoning; absent when the model closed it or the reply was aborted. */
  cutBy?: ReasoningCut;
}

/** The reply is complete. */
export interface FinishEvent {
  type: 'finish';
  reason: FinishReason;
  usage: Usage;
  timings: Timings;
  /**
   * The whole reply, as a message ready to append to the conversation. Its
   * reasoning part carries `cutBy` when a limit cut the reasoning.
   */
  message: ChatMessage & { role: 'assistant'; content: MessagePart[] };
  /**
   * With `responseFormat: { type: 'json' }`, the answer parsed (it matches
   * the schema); absent when the reply ended before its JSON did.
   */
  object?: unknown;
}

/**
 * `contextOverflow: 'drop-oldest'` left the oldest turns out of this reply's
 * prompt, as the Prompt API's `contextoverflow` does; the first event of the
 * reply when it comes. The app's conversation is not changed: it decides
 * whether to show or remove what the model no longer sees.
 */
export interface ContextTrimmedEvent {
  type: 'context-trimmed';
  /** Positions, in the messages passed to `chat()`, of those left out, oldest first. */
  droppedIndices: number[];
  /** Whole turns left out. */
  droppedTurns: number;
  /** Prompt tokens of the whole conversation. */
  tokensBefore: number;
  /** Prompt tokens of what was kept. */
  tokensAfter: number;
  /** Tokens kept free for the reply. */
  reservedTokens: number;
  contextWindow: number;
}

/** A tool call began: the model wrote `<tool_call>` and the tool's name. */
export interface ToolCallStartEvent {
  type: 'tool-call-start';
  toolCallId: string;
  toolName: string;
}

/** More of a tool call's arguments, as JSON text, as it is generated. */
export interface ToolCallDeltaEvent {
  type: 'tool-call-delta';
  toolCallId: string;
  inputTextDelta: string;
}

/** A complete tool call, its arguments parsed and valid against the tool's schema. */
export interface ToolCallEvent {
  type: 'tool-call';
  toolCallId: string;
  toolName: string;
  input: unknown;
}

/** A tool call that cannot be run (bad JSON, an unknown tool, invalid arguments, cut off); the reply goes on. */
export interface ToolCallErrorEvent {
  type: 'tool-call-error';
  toolCallId: string;
  toolName?: string;
  /** The call's text as generated. */
  text: string;
  error: { code: ToolCallErrorCode; message: string };
}

/** The events of a reply's tool calls. */
export type ToolCallStreamEvent = ToolCallStartEvent | ToolCallDeltaEvent | ToolCallEvent | ToolCallErrorEvent;

/** Everything `chat()` yields. */
export type ChatEvent = ContextTrimmedEvent | TextDeltaEvent | ReasoningDeltaEvent | ReasoningEndEvent | ToolCallStreamEvent | FinishEvent;

/**
 * Something happened to the engine outside any one request: WebGPU could not
 * build the session (the load fell back to WASM), the GPU was lost and the
 * model moved to WASM, or that recovery failed.
 */
export type EngineStatusEvent =
  | { type: 'webgpu-failed'; message: string }
  | { type: 'device-lost'; message: string }
  | { type: 'recovered'; model: LoadedModel }
  | { type: 'recovery-failed'; code: string; message: string };
