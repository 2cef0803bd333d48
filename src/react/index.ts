/**
 * qwen3-web/react: a streaming Qwen3 chat for React — the `useQwen3Chat`
 * hook, and the drop-in `<Qwen3Chat>` component built on it.
 *
 * @example
 * ```tsx
 * import { Qwen3Chat } from 'qwen3-web/react';
 * export const App = () => <Qwen3Chat />;
 * ```
 */
export { Qwen3Chat, type Qwen3ChatProps } from './qwen3-chat.js';
export { useQwen3Chat, type UseQwen3ChatOptions, type UseQwen3ChatResult } from './use-qwen3-chat.js';
export { QWEN3_CHAT_CSS } from './styles.js';
export type {
  AssistantMessage,
  ChatClient,
  ChatFinishInfo,
  ChatModelOptions,
  ChatSnapshot,
  ChatStatus,
  ContextUsage,
  ExecutableTool,
  GenerationOptions,
  ReplyStats,
  UIMessage,
} from '../chat/types.js';
