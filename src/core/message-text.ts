/** Text helpers over {@link ChatMessage} content, which may be a string or parts. */
import type { ChatMessage } from '../types.js';

/**
 * The text the model sees for a message: the content string, or the
 * concatenated `text` parts. Reasoning parts are left out on purpose — Qwen3's
 * chat template drops earlier turns' reasoning, and so do we.
 */
export function messageText(message: ChatMessage): string {
  if (typeof message.content === 'string') return message.content;
  return message.content
    .filter((part) => part.type === 'text')
    .map((part) => part.text)
    .join('');
}
