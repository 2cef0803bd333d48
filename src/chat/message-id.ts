/**
 * Message ids: every message a chat holds has a stable `id`, so apps can key,
 * edit and persist messages (as AI SDK `UIMessage`s have). A message that
 * arrives without one (initial messages, `setMessages`) gets one once; the
 * reply keeps the id it was given when it was asked for, from its first
 * streamed frame to its `finish`.
 */
import type { ChatMessage } from '../types.js';
import type { UIMessage } from './types.js';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * A random 16-character id. `crypto.getRandomValues` exists in every realm,
 * secure context or not (unlike `crypto.randomUUID`, missing on plain http).
 *
 * @example
 * ```ts
 * generateMessageId(); // 'V1StGXR8Z5jdHi6B'
 * ```
 */
export function generateMessageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

/** True when `message` already carries a usable id. */
export function hasId(message: ChatMessage): message is UIMessage {
  const id = (message as { id?: unknown }).id;
  return typeof id === 'string' && id.length > 0;
}

/**
 * `messages` with an id on each; the same array when every message had one,
 * so a conversation handed back to the chat is not a change.
 */
export function withIds(messages: readonly ChatMessage[], generateId: () => string): readonly UIMessage[] {
  if (messages.every(hasId)) return messages as readonly UIMessage[];
  return messages.map((message) => (hasId(message) ? message : { ...message, id: generateId() }));
}

/** The conversation as the engine takes it: roles and contents, no ids. */
export function withoutIds(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.map(({ role, content, toolCallId }) => ({ role, content, ...(toolCallId !== undefined && { toolCallId }) }));
}
