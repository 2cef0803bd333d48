/**
 * One assistant reply while it streams: events go in, an immutable message
 * comes out whenever the UI asks (once per frame, not once per event).
 */
import type { ChatEvent, ReasoningCut, ReasoningPart, TextPart } from '../types.js';
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
    case 'finish':
      break;
  }
}

/** Marks the reasoning done (e.g. when the reply is stopped mid-thought). */
export function closeReasoning(draft: ReplyDraft, now: number): void {
  if (!draft.hasReasoning || draft.reasoningDone) return;
  draft.reasoningDone = true;
  draft.reasoningDurationMs ??= now - (draft.reasoningStartedAt ?? now);
}

/** The draft as a message with the reply's `id`: a reasoning part (if any), then the answer. */
export function draftToMessage(draft: ReplyDraft, id: string): AssistantMessage {
  const content: Array<ReasoningPart | TextPart> = [];
  if (draft.hasReasoning) {
    const part: ReasoningPart = { type: 'reasoning', text: draft.reasoning, state: draft.reasoningDone ? 'done' : 'streaming' };
    if (draft.reasoningDurationMs !== undefined) part.durationMs = draft.reasoningDurationMs;
    if (draft.reasoningTokens !== undefined) part.tokens = draft.reasoningTokens;
    if (draft.reasoningCutBy !== undefined) part.cutBy = draft.reasoningCutBy;
    content.push(part);
  }
  content.push({ type: 'text', text: draft.answer });
  return { id, role: 'assistant', content };
}
