/** A loaded model as the engine holds it: tokenizer, model, and what it is. */
import type { PreTrainedModel, PreTrainedTokenizer } from '@huggingface/transformers';
import type { ThinkingMode } from '../registry/types.js';
import type { LoadedModel } from '../types.js';

/** Token ids the engine needs to know. */
export interface SpecialTokens {
  thinkStart: number;
  thinkEnd: number;
  /** `<|im_start|>`, which opens every turn of the chat template. */
  imStart: number;
  /** `<tool_call>` and `</tool_call>`, around each of Qwen3's tool calls. */
  toolCallStart: number;
  toolCallEnd: number;
  /** Tokens that end a reply. */
  eos: number[];
  /** The tokenized stop-thinking instruction. */
  stopThinking: number[];
  /** The tokens of `<think>\n`, which open reasoning in the prompt. */
  openThinking: number[];
}

/** Everything one loaded model needs at generation time. */
export interface ModelSession {
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
  info: LoadedModel;
  special: SpecialTokens;
  /** `hybrid` (Qwen3), `never` (Instruct-2507) or `always` (Thinking-2507). */
  thinkingMode: ThinkingMode;
}
