/**
 * A reply's events (`client.chat()`) as the AI SDK's stream parts: text and
 * reasoning each between a start and an end, tool input streamed then the
 * call, and a finish with usage in the AI SDK's shape.
 */
import type { LanguageModelV4FinishReason, LanguageModelV4StreamPart, LanguageModelV4Usage } from '@ai-sdk/provider';
import type { ChatEvent, FinishEvent, Usage } from '../types.js';

/** Turns events into stream parts, one event at a time. */
export class StreamPartsWriter {
  private textId: string | undefined;
  private reasoningId: string | undefined;
  private blocks = 0;
  /** Each call's arguments as generated, by id. */
  readonly inputTexts = new Map<string, string>();

  parts(event: ChatEvent): LanguageModelV4StreamPart[] {
    const out: LanguageModelV4StreamPart[] = [];
    switch (event.type) {
      case 'reasoning-delta':
        if (!this.reasoningId) out.push({ type: 'reasoning-start', id: (this.reasoningId = `reasoning-${this.blocks++}`) });
        out.push({ type: 'reasoning-delta', id: this.reasoningId, delta: event.text });
        break;
      case 'reasoning-end':
        this.closeReasoning(out);
        break;
      case 'text-delta':
        this.closeReasoning(out);
        if (!this.textId) out.push({ type: 'text-start', id: (this.textId = `text-${this.blocks++}`) });
        out.push({ type: 'text-delta', id: this.textId, delta: event.text });
        break;
      case 'tool-call-start':
        this.closeText(out);
        this.inputTexts.set(event.toolCallId, '');
        out.push({ type: 'tool-input-start', id: event.toolCallId, toolName: event.toolName });
        break;
      case 'tool-call-delta':
        this.inputTexts.set(event.toolCallId, (this.inputTexts.get(event.toolCallId) ?? '') + event.inputTextDelta);
        out.push({ type: 'tool-input-delta', id: event.toolCallId, delta: event.inputTextDelta });
        break;
      case 'tool-call':
        out.push({ type: 'tool-input-end', id: event.toolCallId });
        out.push({ type: 'tool-call', toolCallId: event.toolCallId, toolName: event.toolName, input: this.inputTexts.get(event.toolCallId) || JSON.stringify(event.input) });
        break;
      case 'tool-call-error': {
        // The AI SDK checks calls itself: it gets the call as written, and reports or repairs it.
        const started = this.inputTexts.has(event.toolCallId);
        if (started) out.push({ type: 'tool-input-end', id: event.toolCallId });
        const input = started ? (this.inputTexts.get(event.toolCallId) ?? '') : event.text;
        this.inputTexts.set(event.toolCallId, input);
        out.push({ type: 'tool-call', toolCallId: event.toolCallId, toolName: event.toolName ?? '', input });
        break;
      }
      case 'finish':
        this.closeReasoning(out);
        this.closeText(out);
        out.push({ type: 'finish', usage: aiUsage(event.usage), finishReason: aiFinishReason(event) });
        break;
      default:
        break;
    }
    return out;
  }

  private closeReasoning(out: LanguageModelV4StreamPart[]): void {
    if (this.reasoningId) out.push({ type: 'reasoning-end', id: this.reasoningId });
    this.reasoningId = undefined;
  }

  private closeText(out: LanguageModelV4StreamPart[]): void {
    if (this.textId) out.push({ type: 'text-end', id: this.textId });
    this.textId = undefined;
  }
}

export function aiUsage(usage: Usage): LanguageModelV4Usage {
  return {
    inputTokens: { total: usage.promptTokens, noCache: usage.prefillTokens, cacheRead: usage.promptTokens - usage.prefillTokens, cacheWrite: undefined },
    outputTokens: { total: usage.completionTokens, text: usage.completionTokens - usage.reasoningTokens, reasoning: usage.reasoningTokens },
  };
}

export function aiFinishReason(finish: FinishEvent): LanguageModelV4FinishReason {
  const unified = finish.reason === 'tool-calls' ? 'tool-calls' : finish.reason === 'aborted' ? 'other' : finish.reason;
  return { unified, raw: finish.reason };
}
