/**
 * `qwen3-web/ai`: the in-browser Qwen3 as an AI SDK provider.
 *
 * @example
 * ```ts
 * import { streamText } from 'ai';
 * import { qwen3 } from 'qwen3-web/ai';
 *
 * const result = streamText({ model: qwen3('onnx-community/Qwen3-0.6B-ONNX'), prompt: 'Why is the sky blue?' });
 * for await (const text of result.textStream) console.log(text);
 * ```
 */
import { createQwen3Client, type Qwen3Client } from '../client/create-client.js';
import { DEFAULT_MODEL } from '../core/defaults.js';
import type { LoadOptions } from '../types.js';
import { Qwen3LanguageModel, type Qwen3ModelClient } from './qwen3-language-model.js';

export { Qwen3LanguageModel, type Qwen3ModelClient } from './qwen3-language-model.js';
export type { Qwen3ProviderOptions } from './call-options.js';

export interface Qwen3ProviderSettings {
  /** The client to run on (default: one created on first use, with the SDK's own worker). */
  client?: Qwen3ModelClient;
  /** How models load: host, device, dtype… */
  load?: Omit<LoadOptions, 'model'>;
}

export interface Qwen3Provider {
  (modelId?: string): Qwen3LanguageModel;
  languageModel(modelId?: string): Qwen3LanguageModel;
}

export function createQwen3(settings: Qwen3ProviderSettings = {}): Qwen3Provider {
  let client: Qwen3ModelClient | undefined = settings.client;
  const clientOf = (): Qwen3ModelClient => (client ??= createQwen3Client() as Qwen3Client);
  const languageModel = (modelId: string = DEFAULT_MODEL): Qwen3LanguageModel => new Qwen3LanguageModel(modelId, clientOf(), settings.load);
  return Object.assign((modelId?: string) => languageModel(modelId), { languageModel });
}

/** The default provider: its own client, models from the Hugging Face hub. */
export const qwen3: Qwen3Provider = createQwen3();
export { qwen3ChatTransport, type Qwen3ChatTransportOptions } from './chat-transport.js';
