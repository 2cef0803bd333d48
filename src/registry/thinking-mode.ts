/**
 * Tells how a Qwen3 model thinks, from its chat template when there is one,
 * else from its name.
 */
import type { ThinkingMode } from './types.js';

// The Thinking-2507 template ends its generation prompt with `<think>\n`; in
// the Jinja source the newline is usually the two characters `\n`.
const OPENS_THINK_IN_PROMPT = /<\|im_start\|>assistant(?:\\n|\n)<think>/;

/**
 * The thinking mode of a model.
 * - With its chat template (tokenizer_config.json's `chat_template`, or
 *   chat_template.jinja): `hybrid` when the template reads `enable_thinking`,
 *   `always` when its generation prompt opens `<think>`, else `never`.
 * - Without: by name, as Qwen names them: `…Thinking…` → `always`,
 *   `…Instruct…` → `never`, anything else (Qwen3-0.6B, a fine-tune) → `hybrid`.
 */
export function thinkingModeOf(id: string, chatTemplate?: string): ThinkingMode {
  if (chatTemplate !== undefined) {
    if (chatTemplate.includes('enable_thinking')) return 'hybrid';
    return OPENS_THINK_IN_PROMPT.test(chatTemplate) ? 'always' : 'never';
  }
  const name = id.slice(id.lastIndexOf('/') + 1);
  if (/thinking/i.test(name)) return 'always';
  if (/instruct/i.test(name)) return 'never';
  return 'hybrid';
}
