/**
 * A `ChatTransport` for `useChat` from `@ai-sdk/react` that runs the
 * in-browser model directly, with no server route: the AI SDK's own
 * `DirectChatTransport` around a `ToolLoopAgent` on {@link Qwen3LanguageModel},
 * so tools with `execute` run in the page between steps.
 */
import { DirectChatTransport, ToolLoopAgent, type ToolLoopAgentSettings, type ToolSet, type UIMessage } from 'ai';
import type { Qwen3LanguageModel } from './qwen3-language-model.js';

export type Qwen3ChatTransportOptions<TOOLS extends ToolSet> = Omit<ToolLoopAgentSettings<never, TOOLS>, 'model'> & { model: Qwen3LanguageModel };

/**
 * @example
 * ```tsx
 * const { messages, sendMessage } = useChat({ transport: qwen3ChatTransport({ model: qwen3() }) });
 * ```
 */
export function qwen3ChatTransport<TOOLS extends ToolSet = {}>(options: Qwen3ChatTransportOptions<TOOLS>): DirectChatTransport<never, TOOLS> {
  return new DirectChatTransport<never, TOOLS>({ agent: new ToolLoopAgent<never, TOOLS>(options as ToolLoopAgentSettings<never, TOOLS>) });
}

export type { UIMessage };
