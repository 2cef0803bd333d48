/**
 * The SDK's side of the bench: the public API exactly as an app uses it,
 * timed from the page.
 */
import {
  createQwen3Client,
  listCachedModels,
  type ChatEvent,
  type ChatMessage,
  type ChatOptions,
  type Dtype,
  type FinishEvent,
  type LoadProgress,
  type Qwen3Client,
  type WarmPrefixResult,
} from '../../src/index.js';
import type { Backend, LoadFigures, LoadTimeline, LongTaskFigures, ReplyFigures, TurnFigures } from '../shared/figures.js';
import { inPageTask, watchMainThread } from './long-tasks.js';

/** Which model a bench run loads. */
export interface ModelTarget {
  model: string;
  host: string;
  device: Backend;
  /** `auto` lets the SDK choose (the model's declared dtype, else its device preference). */
  dtype: string;
  /** The load's warm-up reply (the SDK's default: on). */
  warmUp?: boolean;
  /** WASM threads; the SDK's default when absent. */
  wasmThreads?: number;
}

/** A load's figures plus the ONNX files the SDK stored, for the session-creation bench. */
export interface SdkLoadResult extends LoadFigures {
  /** Every file the SDK stored for the model (config, tokenizer, graph, data). */
  files: string[];
  onnxFiles: string[];
  storedBytes: number;
}

let client: Qwen3Client | undefined;

function requireClient(): Qwen3Client {
  if (!client) throw new Error('sdkLoad() first');
  return client;
}

/** Spawns a fresh client (a new worker) and loads the model; timed from the spawn. */
export async function sdkLoad(target: ModelTarget): Promise<SdkLoadResult> {
  client?.dispose();
  const started = performance.now();
  client = createQwen3Client();
  const timeline: LoadTimeline = { firstProgressMs: Number.NaN, filesDoneMs: {}, compileMs: Number.NaN, readyMs: Number.NaN };
  const onProgress = (progress: LoadProgress): void => {
    const at = performance.now() - started;
    if (Number.isNaN(timeline.firstProgressMs)) timeline.firstProgressMs = at;
    for (const file of progress.files) if (file.done) timeline.filesDoneMs[file.file] ??= at;
    if (progress.phase === 'compile' && Number.isNaN(timeline.compileMs)) timeline.compileMs = at;
    if (progress.phase === 'ready') timeline.readyMs = at;
  };
  const loaded = await client.load({
    model: target.model,
    host: target.host,
    device: target.device,
    dtype: target.dtype as Dtype,
    ...(target.warmUp === undefined ? {} : { warmUp: target.warmUp }),
    ...(target.wasmThreads === undefined ? {} : { wasmThreads: target.wasmThreads }),
    onProgress,
  });
  const wallMs = performance.now() - started;
  const cached = (await listCachedModels()).find((entry) => entry.model === target.model && entry.dtype === loaded.dtype);
  return {
    wallMs,
    sdkLoadMs: loaded.loadMs,
    dtype: loaded.dtype,
    device: loaded.device,
    timeline,
    files: cached?.files ?? [],
    onnxFiles: (cached?.files ?? []).filter((file) => file.startsWith('onnx/')),
    storedBytes: cached?.bytes ?? 0,
  };
}

/** `client.unload()`: the model goes, and a fresh worker replaces the one whose heap it grew. */
export async function sdkUnload(): Promise<void> {
  await requireClient().unload();
}

/** Frees the SDK's worker. */
export function sdkDispose(): void {
  client?.dispose();
  client = undefined;
}

/** One reply to `messages`; `onText` sees each delta as the page receives it. */
async function reply(messages: ChatMessage[], options: ChatOptions, onText: (text: string) => void = () => undefined): Promise<{ figures: ReplyFigures; finish: FinishEvent }> {
  const started = performance.now();
  let firstText: number | undefined;
  let finish: FinishEvent | undefined;
  for await (const event of requireClient().chat(messages, options)) {
    if (isDelta(event)) {
      firstText ??= performance.now();
      onText(event.text);
    }
    if (event.type === 'finish') finish = event;
  }
  if (!finish) throw new Error('the reply ended without a finish event');
  const { usage, timings } = finish;
  return {
    finish,
    figures: {
      promptTokens: usage.promptTokens,
      generatedTokens: usage.completionTokens + usage.reasoningTokens,
      timeToFirstTokenMs: timings.timeToFirstTokenMs,
      prefillTokensPerSecond: timings.prefillTokensPerSecond,
      decodeTokensPerSecond: timings.decodeTokensPerSecond,
      totalMs: timings.totalMs,
      pageFirstTextMs: (firstText ?? performance.now()) - started,
      finishReason: finish.reason,
    },
  };
}

function isDelta(event: ChatEvent): event is Extract<ChatEvent, { type: 'text-delta' | 'reasoning-delta' }> {
  return event.type === 'text-delta' || event.type === 'reasoning-delta';
}

/** Options of a single-prompt reply. */
export interface DecodeRequest {
  prompt: string;
  maxNewTokens: number;
  /** Omitted: greedy (`temperature: 0`). */
  sampling?: { temperature: number; topK: number; topP: number; seed: number };
}

/**
 * A reply to one prompt, thinking off, without KV reuse (the baseline has
 * none, and a repeated prompt would otherwise come from the cache).
 */
export async function sdkDecode(request: DecodeRequest): Promise<ReplyFigures> {
  const options: ChatOptions = { maxNewTokens: request.maxNewTokens, thinking: false, reuseKvCache: false, temperature: 0, ...request.sampling };
  return (await reply([{ role: 'user', content: request.prompt }], options)).figures;
}

/** Stores the KV cache of a system prompt in IndexedDB (`client.warmPrefix()`). */
export function sdkWarmPrefix(system: string): Promise<WarmPrefixResult> {
  return requireClient().warmPrefix([{ role: 'system', content: system }]);
}

/** A greedy reply to a system prompt and one question, KV reuse on (so a stored prefix is read); with the tokens prefilled. */
export async function sdkSystemReply(request: { system: string; prompt: string; maxNewTokens: number }): Promise<ReplyFigures & { prefillTokens: number }> {
  const messages: ChatMessage[] = [
    { role: 'system', content: request.system },
    { role: 'user', content: request.prompt },
  ];
  const { figures, finish } = await reply(messages, { maxNewTokens: request.maxNewTokens, thinking: false, temperature: 0 });
  return { ...figures, prefillTokens: finish.usage.prefillTokens };
}

/** Options of a multi-turn conversation. */
export interface ConversationRequest {
  questions: string[];
  maxNewTokens: number;
  reuseKvCache: boolean;
  /** The user's typing time: a pause before each turn after the first. */
  pauseMs: number;
}

/** What a conversation returns: each turn's figures and the messages before each turn. */
export interface ConversationResult {
  turns: TurnFigures[];
  /** The conversation as sent before each turn (for the baseline to replay). */
  prompts: ChatMessage[][];
}

/**
 * Greedy, thinking off. Turn 1 never reuses (a new conversation has nothing
 * to reuse; this also drops whatever an earlier run left in the cache).
 */
export async function sdkConversation(request: ConversationRequest): Promise<ConversationResult> {
  const messages: ChatMessage[] = [];
  const turns: TurnFigures[] = [];
  const prompts: ChatMessage[][] = [];
  for (const [index, question] of request.questions.entries()) {
    if (index > 0 && request.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, request.pauseMs));
    messages.push({ role: 'user', content: question });
    prompts.push(structuredClone(messages));
    const options: ChatOptions = {
      maxNewTokens: request.maxNewTokens,
      thinking: false,
      temperature: 0,
      reuseKvCache: index > 0 && request.reuseKvCache,
    };
    const { finish, figures } = await reply(messages, options);
    const { usage, timings } = finish;
    const prefillMs = timings.prefillTokensPerSecond > 0 ? (usage.prefillTokens / timings.prefillTokensPerSecond) * 1000 : 0;
    turns.push({
      turn: index + 1,
      promptTokens: usage.promptTokens,
      prefillTokens: usage.prefillTokens,
      timeToFirstTokenMs: timings.timeToFirstTokenMs,
      pageFirstTextMs: figures.pageFirstTextMs,
      prefillMs,
      setupMs: timings.timeToFirstTokenMs - prefillMs,
      generatedTokens: usage.completionTokens + usage.reasoningTokens,
    });
    messages.push(finish.message);
  }
  return { turns, prompts };
}

/** Streams a long reply into the DOM, one text node per delta event, watching the main thread. */
export async function sdkStreaming(request: DecodeRequest, output: HTMLElement): Promise<LongTaskFigures> {
  const watch = watchMainThread(output);
  const { figures } = await inPageTask(() =>
    reply(
      [{ role: 'user', content: request.prompt }],
      { maxNewTokens: request.maxNewTokens, thinking: false, reuseKvCache: false, temperature: 0 },
      (text) => watch.render(text),
    ),
  );
  return { subject: 'sdk', ...(await watch.stop()), reply: figures };
}
