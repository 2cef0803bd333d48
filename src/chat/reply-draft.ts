/**
 * One assistant reply while it streams: events go in, an immutable message
 * comes out whenever the UI asks (once per frame, not once per event).
 */
import type { ChatEvent, MessagePart, ReasoningCut, ReasoningPart, ToolCallPart } from '../types.js';
import type { AssistantMessage } from './types.js';

/** The mutable state of a reply in progress. */
export interface ReplyDraft {
  reasoning: string;
  answer: string;
  /** Whether a reasoning part exists (reasoning text or a reasoning-end arrived). */
  hasReasoning: boolean;
  reasoningDone: boolean;
  reasoningStartedAt: number | undefined;
  reasoningDurationMs: number | undefined;
  reasoningTokens: number | undefined;
  reasoningCutBy: ReasoningCut | undefined;
  /** The reply's tool calls so far, in order (`input` is undefined until a call is complete). */
  toolCalls: ToolCallPart[];
}

/** An empty draft. */
export function createReplyDraft(): ReplyDraft {
  return {
    reasoning: '',
    answer: '',
    hasReasoning: false,
    reasoningDone: false,
    reasoningStartedAt: undefined,
    reasoningDurationMs: undefined,
    reasoningTokens: undefined,
    reasoningCutBy: undefined,
    toolCalls: [],
  };
}

/** Applies a streamed event (`finish` is handled by the caller). `now` is in milliseconds. */
export function applyChatEvent(draft: ReplyDraft, event: ChatEvent, now: number): void {
  switch (event.type) {
    case 'reasoning-delta':
      draft.hasReasoning = true;
      draft.reasoningStartedAt ??= now;
      draft.reasoning += event.text;
      break;
    case 'reasoning-end':
      draft.hasReasoning = true;
      draft.reasoningDone = true;
      draft.reasoningDurationMs = event.durationMs;
      draft.reasoningTokens = event.tokens;
      draft.reasoningCutBy = event.cutBy;
      break;
    case 'text-delta':
      // An answer means the reasoning is over, even without its end event.
      if (draft.hasReasoning && !draft.reasoningDone) closeReasoning(draft, now);
      draft.answer += event.text;
      break;
    case 'tool-call-start':
      if (draft.hasReasoning && !draft.reasoningDone) closeReasoning(draft, now);
      draft.toolCalls.push({ type: 'tool-call', toolCallId: event.toolCallId, toolName: event.toolName, input: undefined, inputText: '' });
      break;
    case 'tool-call-delta':
      updateCall(draft, event.toolCallId, (call) => ({ ...call, inputText: call.inputText + event.inputTextDelta }));
      break;
    case 'tool-call':
      updateCall(draft, event.toolCallId, (call) => ({ ...call, toolName: event.toolName, input: event.input }));
      break;
    case 'tool-call-error': {
      const failed = (call: ToolCallPart): ToolCallPart => ({ ...call, toolName: event.toolName ?? call.toolName, input: null, error: event.error });
      if (!draft.toolCalls.some((call) => call.toolCallId === event.toolCallId)) {
        draft.toolCalls.push(failed({ type: 'tool-call', toolCallId: event.toolCallId, toolName: '', input: null, inputText: event.text }));
      } else updateCall(draft, event.toolCallId, failed);
      break;
    }
    case 'finish':
      break;
  }
}

function updateCall(draft: ReplyDraft, toolCallId: string, update: (call: ToolCallPart) => ToolCallPart): void {
  draft.toolCalls = draft.toolCalls.map((call) => (call.toolCallId === toolCallId ? update(call) : call));
}

/** Marks the reasoning done (e.g. when the reply is stopped mid-thought). */
export function closeReasoning(draft: ReplyDraft, now: number): void {
  if (!draft.hasReasoning || draft.reasoningDone) return;
  draft.reasoningDone = true;
  draft.reasoningDurationMs ??= now - (draft.reasoningStartedAt ?? now);
}

/** The draft as a message with the reply's `id`: a reasoning part (if any), the answer, then its tool calls. */
export function draftToMessage(draft: ReplyDraft, id: string): AssistantMessage {
  const content: MessagePart[] = [];
  if (draft.hasReasoning) {
    const part: ReasoningPart = { type: 'reasoning', text: draft.reasoning, state: draft.reasoningDone ? 'done' : 'streaming' };
    if (draft.reasoningDurationMs !== undefined) part.durationMs = draft.reasoningDurationMs;
    if (draft.reasoningTokens !== undefined) part.tokens = draft.reasoningTokens;
    if (draft.reasoningCutBy !== undefined) part.cutBy = draft.reasoningCutBy;
    content.push(part);
  }
  content.push({ type: 'text', text: draft.answer }, ...draft.toolCalls);
  return { id, role: 'assistant', content };
}
