/**
 * Renders a conversation into prompt tokens with Qwen3's chat template and
 * decides the thinking mode of the reply.
 */
import { Qwen3Error } from '../errors.js';
import { templateMessages, templateTools } from '../core/template-conversation.js';
import { latestSoftSwitch } from '../core/soft-switch.js';
import type { ThinkState } from '../core/think-parser.js';
import type { ChatRequest } from '../protocol.js';
import type { ChatMessage, ChatTool, ContextTrimmedEvent } from '../types.js';
import { replyReserve, trimToFit } from './context-trim.js';
import type { ModelSession } from './model-session.js';

/** The prompt of one reply. */
export interface PromptPlan {
  ids: number[];
  /** `reasoning` when the prompt opened the think block. */
  initialState: ThinkState;
  thinkingBudget: number;
  /** The messages the prompt renders: the request's, less any turns `drop-oldest` left out. */
  messages: readonly ChatMessage[];
  /** Set when `drop-oldest` left turns out; the reply's first event. */
  trimmed?: ContextTrimmedEvent;
}

/**
 * Thinking is on unless the request turns it off, the budget is 0, or the
 * latest soft switch is `/no_think`. When on, the prompt itself opens
 * `<think>\n` (as Qwen3-Thinking-2507's template does): real Qwen3 models
 * always open it themselves, so this changes nothing for them and makes every
 * reply's reasoning path deterministic.
 *
 * A conversation that does not fit the context window fails here, before
 * the model allocates anything, with `CONTEXT_OVERFLOW` — or, with
 * `contextOverflow: 'drop-oldest'`, loses its oldest whole turns until it
 * fits with room for the reply (context-trim.ts).
 */
export function planPrompt(session: ModelSession, messages: readonly ChatMessage[], options: ChatRequest): PromptPlan {
  const thinkingBudget = options.thinkingBudget ?? Infinity;
  const thinking = thinkingFor(session.thinkingMode, options, messages);
  const contextWindow = session.info.contextWindow;
  const render = (kept: readonly ChatMessage[]): number[] => renderPrompt(session, kept, thinking, options.tools);
  let ids: number[];
  let kept: readonly ChatMessage[] = messages;
  let trimmed: ContextTrimmedEvent | undefined;
  if (options.contextOverflow === 'drop-oldest') {
    const reservedTokens = replyReserve(options.maxNewTokens, thinkingBudget, thinking, contextWindow);
    const result = trimToFit(messages, render, contextWindow, reservedTokens);
    ({ ids, kept } = result);
    if (result.droppedTurns > 0) {
      trimmed = {
        type: 'context-trimmed',
        droppedIndices: result.dropped,
        droppedTurns: result.droppedTurns,
        tokensBefore: result.originalTokens,
        tokensAfter: ids.length,
        reservedTokens,
        contextWindow,
      };
    }
  } else {
    ids = render(messages);
  }
  if (ids.length >= contextWindow) {
    const policy = options.contextOverflow ?? 'error';
    const advice =
      policy === 'drop-oldest'
        ? 'Even with every earlier turn left out it does not fit: shorten the last message or the system prompt.'
        : 'Remove earlier messages, shorten the last one, or pass contextOverflow: "drop-oldest".';
    throw new Qwen3Error('CONTEXT_OVERFLOW', `The conversation is ${ids.length} tokens but the model's context holds ${contextWindow}. ${advice}`, {
      details: { requestedTokens: ids.length, contextWindow, contextLength: contextWindow, policy },
    });
  }
  return {
    ids,
    initialState: thinking ? 'reasoning' : 'answer',
    thinkingBudget: thinking ? thinkingBudget : Infinity,
    messages: kept,
    ...(trimmed && { trimmed }),
  };
}

/**
 * The exact prompt tokens `chat(messages, options)` would run through the
 * model — the chat template, the thinking mode and its opened think block
 * included — without trimming or generating anything.
 */
export function measurePrompt(session: ModelSession, messages: readonly ChatMessage[], options: ChatRequest): number {
  return renderPrompt(session, messages, thinkingFor(session.thinkingMode, options, messages), options.tools).length;
}

/**
 * Whether this reply thinks. Hybrid Qwen3 models follow the request, the
 * budget and the soft switches; Instruct-2507 never thinks; Thinking-2507
 * always does (its template opens `<think>` whatever is asked — the budget
 * still bounds it).
 */
function thinkingFor(mode: ModelSession['thinkingMode'], options: ChatRequest, messages: readonly ChatMessage[]): boolean {
  if (mode === 'never') return false;
  if (mode === 'always') return true;
  return (options.thinking ?? true) && (options.thinkingBudget ?? Infinity) !== 0 && latestSoftSwitch(messages) !== false;
}

/** The chat template's tokens, plus `<think>\n` when thinking. */
function renderPrompt(session: ModelSession, messages: readonly ChatMessage[], thinking: boolean, tools: readonly ChatTool[] | undefined): number[] {
  const ids = applyChatTemplate(session, messages, { add_generation_prompt: true, enable_thinking: thinking }, tools);
  if (thinking) {
    const open = session.special.openThinking;
    const alreadyOpen = open.every((id, i) => ids[ids.length - open.length + i] === id);
    if (!alreadyOpen) ids.push(...open);
  }
  return ids;
}

/** Qwen3's chat template over `messages` and `tools` (template-conversation.ts), as token ids. */
export function applyChatTemplate(
  session: Pick<ModelSession, 'tokenizer'>,
  messages: readonly ChatMessage[],
  variables: { add_generation_prompt: boolean; enable_thinking?: boolean },
  tools?: readonly ChatTool[],
): number[] {
  const conversation = templateMessages(messages);
  const listed = templateTools(tools);
  // Extra keys (enable_thinking) reach the Jinja template as variables.
  const options = { ...variables, ...(listed ? { tools: listed } : {}), tokenize: true, return_tensor: false, return_dict: false } as Parameters<
    typeof session.tokenizer.apply_chat_template
  >[1];
  return [...(session.tokenizer.apply_chat_template(conversation as never, options) as unknown as number[])];
}
