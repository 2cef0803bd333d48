/**
 * What a request's `tools` and `toolChoice` add to a reply: the parser that
 * reads calls out of it, and the logits processors that keep `none` from
 * calling and make `required` or a named tool call.
 */
import type { LogitsProcessor } from '@huggingface/transformers';
import { forcedCallText } from '../core/tool-choice.js';
import { ToolCallParser } from '../core/tool-call-parser.js';
import type { ChatRequest } from '../protocol.js';
import { AnswerOpeningProcessor, BannedTokensProcessor } from './logits-processors.js';
import type { ModelSession } from './model-session.js';
import type { PromptPlan } from './prompt-plan.js';

export interface ReplyTools {
  parser: ToolCallParser | undefined;
  /** Before sampling. */
  masks: LogitsProcessor[];
  /** After sampling (they override its choice). */
  forcing: LogitsProcessor[];
}

export function replyTools(session: ModelSession, plan: PromptPlan, options: ChatRequest): ReplyTools {
  const tools = options.tools ?? [];
  const { special, tokenizer } = session;
  if (tools.length === 0) return { parser: undefined, masks: [], forcing: [] };
  const parser = new ToolCallParser({
    decode: (ids) => tokenizer.decode(ids, { skip_special_tokens: true }),
    startId: special.toolCallStart,
    endId: special.toolCallEnd,
    tools,
  });
  if (options.toolChoice === 'none') return { parser, masks: [new BannedTokensProcessor([special.toolCallStart])], forcing: [] };
  const forced = forcedCallText(options.toolChoice, tools);
  if (!forced) return { parser, masks: [], forcing: [] };
  const startsInAnswer = plan.initialState === 'answer';
  // After `</think>` the template (and the thinking budget's forced text) puts a blank line.
  const ids = tokenizer.encode(startsInAnswer ? forced.text : `\n\n${forced.text}`, { add_special_tokens: false });
  if (forced.endsTurn) ids.push(special.eos[0]!);
  return { parser, masks: [], forcing: [new AnswerOpeningProcessor(ids, startsInAnswer, special.thinkEnd, plan.ids.length)] };
}
