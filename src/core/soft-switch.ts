/**
 * Qwen3's soft switches: `/think` and `/no_think` written in a user or system
 * message turn thinking on or off from that turn on; the model follows the
 * most recent one (Qwen3 model card).
 */
import type { ChatMessage } from '../types.js';
import { messageText } from './message-text.js';

const SWITCH = /\/(no_think|think)\b/g;

/**
 * The latest soft switch in the conversation: `true` for `/think`, `false`
 * for `/no_think`, `undefined` when there is none.
 */
export function latestSoftSwitch(messages: readonly ChatMessage[]): boolean | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role === 'assistant') continue;
    const found = [...messageText(message).matchAll(SWITCH)];
    const last = found.at(-1);
    if (last) return last[1] === 'think';
  }
  return undefined;
}
