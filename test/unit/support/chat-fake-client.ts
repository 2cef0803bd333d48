/**
 * A chat controller on a fake client whose load and replies the test drives
 * event by event, and a frame scheduler the test advances. Shared by the
 * chat-*.test.ts files.
 */
import { AsyncQueue } from '../../../src/client/async-queue.js';
import { createChatController } from '../../../src/chat/chat-controller.js';
import type { ChatClient, ChatControllerOptions, ChatSnapshot } from '../../../src/chat/types.js';
import type { ChatEvent, ChatMessage, ChatOptions, FinishEvent, LoadedModel, LoadOptions, MessagePart } from '../../../src/types.js';

export const LOADED: LoadedModel = {
  model: 'qwen3-web/Qwen3-Tiny-ONNX',
  host: 'http://hub.test',
  revision: 'main',
  commit: 'main',
  device: 'wasm',
  dtype: 'fp32',
  contextWindow: 40960,
  contextLength: 40960,
  graphRewrites: [],
  loadMs: 5,
};

export interface Call {
  messages: ChatMessage[];
  options: ChatOptions;
  queue: AsyncQueue<ChatEvent>;
}

/** A client whose `load()` and `chat()` the test resolves by hand. */
export class FakeClient implements ChatClient {
  loaded: LoadedModel | undefined;
  loads: LoadOptions[] = [];
  calls: Call[] = [];
  private resolveLoad: ((model: LoadedModel) => void) | undefined;
  private rejectLoad: ((error: unknown) => void) | undefined;

  load(options: LoadOptions = {}): Promise<LoadedModel> {
    this.loads.push(options);
    return new Promise((resolve, reject) => {
      this.resolveLoad = (model) => {
        this.loaded = model;
        resolve(model);
      };
      this.rejectLoad = reject;
    });
  }

  finishLoad(model: LoadedModel = LOADED): Promise<void> {
    options(this.loads.at(-1)).onProgress?.({ phase: 'ready', loaded: 10, total: 10, fraction: 1, bytesPerSecond: 0, files: [] });
    this.resolveLoad?.(model);
    return settle();
  }

  failLoad(error: unknown): Promise<void> {
    this.rejectLoad?.(error);
    return settle();
  }

  chat(messages: ChatMessage[], chatOptions: ChatOptions = {}): AsyncIterable<ChatEvent> {
    const queue = new AsyncQueue<ChatEvent>();
    this.calls.push({ messages: structuredClone(messages), options: chatOptions, queue });
    return { [Symbol.asyncIterator]: () => ({ next: () => queue.next() }) };
  }

  /** What `measureContextUsage()` was asked; it answers 10 tokens per message. */
  measured: Array<{ messages: ChatMessage[]; options: ChatOptions | undefined }> = [];

  measureContextUsage(messages: ChatMessage[], chatOptions?: ChatOptions): Promise<number> {
    this.measured.push({ messages: structuredClone(messages), options: chatOptions });
    return Promise.resolve(10 * messages.length);
  }

  /** Pushes events into the latest reply and lets the controller consume them. */
  emit(...events: ChatEvent[]): Promise<void> {
    const call = this.calls.at(-1)!;
    for (const event of events) call.queue.push(event);
    return settle();
  }

  end(): Promise<void> {
    this.calls.at(-1)!.queue.close();
    return settle();
  }

  fail(error: unknown): Promise<void> {
    this.calls.at(-1)!.queue.fail(error);
    return settle();
  }
}

function options(load: LoadOptions | undefined): LoadOptions {
  return load ?? {};
}

/** Lets every queued promise callback run (a macrotask comes after all of them). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export function finishEvent(content: MessagePart[], overrides: Partial<FinishEvent> = {}): FinishEvent {
  return {
    type: 'finish',
    reason: 'stop',
    usage: { promptTokens: 12, completionTokens: 13, reasoningTokens: 8, prefillTokens: 12 },
    timings: { timeToFirstTokenMs: 120, prefillTokensPerSecond: 100, decodeTokensPerSecond: 40, reasoningMs: 200, totalMs: 500 },
    message: { role: 'assistant', content },
    ...overrides,
  };
}

/** A controller with the fake client, a frame scheduler the test advances, and ids `m1`, `m2`… */
export function setup(extra: Partial<ChatControllerOptions> = {}) {
  const client = new FakeClient();
  const frames: Array<() => void> = [];
  let ids = 0;
  const chat = createChatController({
    client,
    generateId: () => `m${++ids}`,
    scheduleFrame: (callback) => {
      frames.push(callback);
      return () => frames.splice(frames.indexOf(callback) >>> 0, 1);
    },
    ...extra,
  });
  const snapshots: ChatSnapshot[] = [];
  chat.subscribe(() => snapshots.push(chat.getSnapshot()));
  const frame = (): void => {
    for (const callback of frames.splice(0)) callback();
  };
  return { client, chat, snapshots, frame };
}

/** Sends a message with the model already loaded; resolves once the chat call is made. */
export async function loadedAndSent(text = 'Hi', extra: Partial<ChatControllerOptions> = {}) {
  const context = setup(extra);
  const loading = context.chat.load();
  await context.client.finishLoad();
  await loading;
  const sending = context.chat.sendMessage(text);
  await settle();
  return { ...context, sending };
}
