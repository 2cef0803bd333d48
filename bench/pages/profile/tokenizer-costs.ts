/**
 * Tokenizer-side costs the SDK pays per reply and per token: rendering the
 * chat template and tokenizing (at each turn, for the whole history), and its
 * incremental detokenizer (two window decodes per generated token).
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { IncrementalDecoder } from '../../../src/core/incremental-decoder.js';
import { ReplyBuilder } from '../../../src/core/reply-builder.js';
import type { SdkOverheads } from '../../shared/figures.js';
import type { PlainMessage } from '../baseline/engine.js';

/** The tokenizer figures of {@link SdkOverheads}. */
export type TokenizerCosts = Pick<SdkOverheads, 'templateTurn1Ms' | 'templateTurn8Ms' | 'detokenizePerTokenMs' | 'replyBuilderPerTokenMs'>;

/** Some English prose to detokenize, a few hundred tokens long. */
const PROSE = Array.from(
  { length: 12 },
  (_, i) => `Paragraph ${i + 1}: the keeper climbed the stairs of the lighthouse, trimmed the wick, and watched the ships pass in the fog.`,
).join('\n');

function timeTemplate(tokenizer: PreTrainedTokenizer, messages: PlainMessage[], repeats: number): number {
  const options = { add_generation_prompt: true, enable_thinking: false, tokenize: true, return_tensor: false } as Parameters<PreTrainedTokenizer['apply_chat_template']>[1];
  // The first call compiles the Jinja template: the SDK pays that once per load, not per turn.
  tokenizer.apply_chat_template(messages, options);
  const started = performance.now();
  for (let i = 0; i < repeats; i++) tokenizer.apply_chat_template(messages, options);
  return (performance.now() - started) / repeats;
}

/** The SDK's whole per-token text path (src/core/reply-builder.ts): detokenizer, think parser, events. */
function timeReplyBuilder(tokenizer: PreTrainedTokenizer, ids: number[]): number {
  const single = (text: string): number => tokenizer.encode(text, { add_special_tokens: false })[0] ?? -1;
  const builder = new ReplyBuilder({
    decode: (window) => tokenizer.decode(window, { skip_special_tokens: true }),
    initialState: 'answer',
    thinkStartId: single('<think>'),
    thinkEndId: single('</think>'),
    thinkingBudget: Infinity,
    forcedIds: [],
  });
  const started = performance.now();
  for (const id of ids) builder.push(id);
  return (performance.now() - started) / ids.length;
}

/** Measures the template at turn 1 and turn 8, and detokenizing per token. */
export function measureTokenizerCosts(tokenizer: PreTrainedTokenizer, turn1: PlainMessage[], turn8: PlainMessage[]): TokenizerCosts {
  const repeats = 10;
  const ids = tokenizer.encode(PROSE, { add_special_tokens: false });
  const decoder = new IncrementalDecoder((window) => tokenizer.decode(window, { skip_special_tokens: true }));
  const started = performance.now();
  for (const id of ids) decoder.push(id);
  const detokenizePerTokenMs = (performance.now() - started) / ids.length;
  return {
    replyBuilderPerTokenMs: timeReplyBuilder(tokenizer, ids),
    templateTurn1Ms: timeTemplate(tokenizer, turn1, repeats),
    templateTurn8Ms: timeTemplate(tokenizer, turn8, repeats),
    detokenizePerTokenMs,
  };
}
