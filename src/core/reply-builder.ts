/**
 * Builds one assistant reply from generated token ids: text deltas split into
 * reasoning and answer, token counts, reasoning time, and the final message.
 * Framework-free: the engine feeds it ids, tests feed it ids too.
 */
import type { ChatEvent, FinishEvent, FinishReason, MessagePart, Timings, Usage } from '../types.js';
import { IncrementalDecoder, type DecodeFn } from './incremental-decoder.js';
import { ThinkParser, type ThinkParseResult, type ThinkState } from './think-parser.js';
import { forcedTokenAt } from './thinking-budget.js';

/** What the builder needs to know about the model and the request. */
export interface ReplyBuilderOptions {
  decode: DecodeFn;
  /** `reasoning` when the prompt itself opened the think block. */
  initialState: ThinkState;
  thinkStartId: number;
  thinkEndId: number;
  /** Reasoning tokens allowed (`Infinity` = no cut). */
  thinkingBudget: number;
  /** Tokens of the stop-thinking instruction forced when the budget runs out. */
  forcedIds: readonly number[];
  /** Clock in milliseconds; injectable for tests. */
  now?: () => number;
}

/** Prompt-side figures the finish event reports. */
export interface PromptFigures {
  promptTokens: number;
  prefillTokens: number;
  /** When the request started (tokenizing included). */
  startedAt: number;
  /** When the prefill forward pass started. */
  prefillStartedAt: number;
}

/** Accumulates one reply. */
export class ReplyBuilder {
  private readonly decoder: IncrementalDecoder;
  private readonly parser: ThinkParser;
  private readonly now: () => number;
  private readonly generated: number[] = [];
  private inReasoning: boolean;
  private reasoningText = '';
  private answerText = '';
  private reasoningTokens = 0;
  private completionTokens = 0;
  private reasoningClosedAt: number | undefined;
  private budgetReached = false;
  private firstTokenAt: number | undefined;
  private lastTokenAt: number | undefined;

  constructor(private readonly options: ReplyBuilderOptions) {
    this.decoder = new IncrementalDecoder(options.decode);
    this.parser = new ThinkParser(options.initialState);
    this.inReasoning = options.initialState === 'reasoning';
    this.now = options.now ?? (() => performance.now());
  }

  /** Tokens generated so far. */
  get tokens(): readonly number[] {
    return this.generated;
  }

  /** Adds one generated token; returns the events it produces. */
  push(id: number): ChatEvent[] {
    const { thinkingBudget, forcedIds, thinkEndId, thinkStartId } = this.options;
    const forced = forcedTokenAt(this.generated, thinkingBudget, forcedIds, thinkEndId) === id;
    this.generated.push(id);
    const at = this.now();
    this.firstTokenAt ??= at;
    this.lastTokenAt = at;
    if (forced) this.budgetReached = true;
    if (id === thinkStartId) this.inReasoning = true;
    else if (id === thinkEndId) this.inReasoning = false;
    else if (!forced) {
      if (this.inReasoning) this.reasoningTokens++;
      else this.completionTokens++;
    }
    return this.toEvents(this.parser.push(this.decoder.push(id)));
  }

  /** Ends the reply: flushes held-back text and reports the totals. */
  finish(reason: FinishReason, prompt: PromptFigures): ChatEvent[] {
    const events = this.toEvents(this.parser.push(this.decoder.flush()));
    events.push(...this.toEvents(this.parser.end()));
    const end = this.now();
    const first = this.firstTokenAt ?? end;
    const last = this.lastTokenAt ?? end;
    const decodeSteps = Math.max(0, this.generated.length - 1);
    const usage: Usage = {
      promptTokens: prompt.promptTokens,
      completionTokens: this.completionTokens,
      reasoningTokens: this.reasoningTokens,
      prefillTokens: prompt.prefillTokens,
    };
    const timings: Timings = {
      timeToFirstTokenMs: first - prompt.startedAt,
      prefillTokensPerSecond: rate(prompt.prefillTokens, first - prompt.prefillStartedAt),
      decodeTokensPerSecond: rate(decodeSteps, last - first),
      reasoningMs: this.reasoningDuration(end),
      totalMs: end - prompt.startedAt,
    };
    const content: MessagePart[] = [];
    if (this.reasoningText.length > 0 || this.options.initialState === 'reasoning') {
      content.push({
        type: 'reasoning',
        text: this.reasoningText,
        state: 'done',
        durationMs: timings.reasoningMs,
        tokens: this.reasoningTokens,
      });
    }
    content.push({ type: 'text', text: this.answerText });
    const finish: FinishEvent = { type: 'finish', reason, usage, timings, message: { role: 'assistant', content } };
    events.push(finish);
    return events;
  }

  private reasoningDuration(end: number): number {
    if (this.options.initialState !== 'reasoning' && this.reasoningText.length === 0) return 0;
    const started = this.firstTokenAt ?? end;
    return (this.reasoningClosedAt ?? end) - started;
  }

  private toEvents(result: ThinkParseResult): ChatEvent[] {
    const events: ChatEvent[] = [];
    for (const chunk of result.chunks) {
      if (chunk.kind === 'reasoning') {
        this.reasoningText += chunk.text;
        events.push({ type: 'reasoning-delta', text: chunk.text });
      } else {
        // The answer's first text means the reasoning is over, even when the
        // closing tag was held back inside the same delta.
        this.closeReasoning(events);
        this.answerText += chunk.text;
        events.push({ type: 'text-delta', text: chunk.text });
      }
    }
    if (result.reasoningClosed) this.closeReasoning(events, true);
    return events;
  }

  private closeReasoning(events: ChatEvent[], closedByTag = false): void {
    if (this.reasoningClosedAt !== undefined) return;
    if (!closedByTag && this.options.initialState !== 'reasoning' && this.reasoningText.length === 0) return;
    this.reasoningClosedAt = this.now();
    const durationMs = this.reasoningClosedAt - (this.firstTokenAt ?? this.reasoningClosedAt);
    // Keep the event order right: reasoning-end goes before the first text delta.
    const firstText = events.findIndex((event) => event.type === 'text-delta');
    const end: ChatEvent = {
      type: 'reasoning-end',
      tokens: this.reasoningTokens,
      durationMs,
      budgetReached: this.budgetReached,
    };
    if (firstText >= 0) events.splice(firstText, 0, end);
    else events.push(end);
  }
}

function rate(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : 0;
}
