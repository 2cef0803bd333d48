/**
 * The in-browser Qwen3 as an AI SDK language model (specification v4):
 * `streamText`, `generateText` and tool loops run on `client.chat()`, with
 * the reasoning as reasoning parts, usage with reasoning and cached tokens,
 * `abortSignal` stopping the reply, and `providerOptions.qwen3` for the
 * thinking mode and budget.
 */
import type { LanguageModelV4, LanguageModelV4CallOptions, LanguageModelV4Content, LanguageModelV4GenerateResult, LanguageModelV4StreamPart, LanguageModelV4StreamResult } from '@ai-sdk/provider';
import type { Qwen3Client } from '../client/create-client.js';
import type { LoadOptions } from '../types.js';
import { chatRequestFromCall } from './call-options.js';
import { StreamPartsWriter } from './stream-parts.js';

/** What the model needs of a client. */
export type Qwen3ModelClient = Pick<Qwen3Client, 'chat' | 'load' | 'loaded'>;

export class Qwen3LanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'qwen3-web';
  /** No URLs: files are not read. */
  readonly supportedUrls = {};
  /** Calls' arguments as generated, so they are rendered back the same (the KV cache then holds through tool rounds). */
  private readonly inputTexts = new Map<string, string>();
  private loading: Promise<unknown> | undefined;

  constructor(
    readonly modelId: string,
    private readonly client: Qwen3ModelClient,
    private readonly load: Omit<LoadOptions, 'model'> = {},
  ) {}

  async doStream(call: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    await this.ensureLoaded();
    const { messages, options, warnings } = chatRequestFromCall(call, this.inputTexts);
    const events = this.client.chat(messages, options)[Symbol.asyncIterator]();
    const writer = new StreamPartsWriter();
    const remember = (): void => writer.inputTexts.forEach((text, id) => this.inputTexts.set(id, text));
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      start: (controller) => {
        controller.enqueue({ type: 'stream-start', warnings });
        controller.enqueue({ type: 'response-metadata', modelId: this.modelId, timestamp: new Date() });
      },
      pull: async (controller) => {
        try {
          const next = await events.next();
          if (next.done) {
            remember();
            controller.close();
            return;
          }
          for (const part of writer.parts(next.value)) controller.enqueue(part);
        } catch (error) {
          controller.error(error);
        }
      },
      cancel: async () => {
        await events.return?.();
      },
    });
    return { stream };
  }

  async doGenerate(call: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { stream } = await this.doStream(call);
    const content: LanguageModelV4Content[] = [];
    const texts = new Map<string, { type: 'text' | 'reasoning'; text: string }>();
    let warnings: Extract<LanguageModelV4StreamPart, { type: 'stream-start' }>['warnings'] = [];
    let finish: Extract<LanguageModelV4StreamPart, { type: 'finish' }> | undefined;
    const reader = stream.getReader();
    for (;;) {
      const { done, value: part } = await reader.read();
      if (done) break;
      if (part.type === 'stream-start') warnings = part.warnings;
      else if (part.type === 'text-start' || part.type === 'reasoning-start') {
        const block = { type: part.type === 'text-start' ? ('text' as const) : ('reasoning' as const), text: '' };
        texts.set(part.id, block);
        content.push(block);
      } else if (part.type === 'text-delta' || part.type === 'reasoning-delta') texts.get(part.id)!.text += part.delta;
      else if (part.type === 'tool-call') content.push(part);
      else if (part.type === 'finish') finish = part;
    }
    if (!finish) throw new Error('The reply ended without finishing.');
    return { content, finishReason: finish.finishReason, usage: finish.usage, warnings };
  }

  /** Loads the model on first use, unless the client already has it. */
  private async ensureLoaded(): Promise<void> {
    if (this.client.loaded?.model === this.modelId) return;
    this.loading ??= this.client.load({ ...this.load, model: this.modelId }).finally(() => (this.loading = undefined));
    await this.loading;
  }
}
