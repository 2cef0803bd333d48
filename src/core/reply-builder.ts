/**
 * Builds one assistant reply from generated token ids: text deltas split into
 * reasoning and answer, tool calls (tool-call-parser.ts), token counts,
 * reasoning time, and the final message.
 * Framework-free: the engine feeds it ids, tests feed it ids too.
 *
 * The split is decided on token ids (think-parser.ts), and each side is
 * decoded on its own, so the text is verbatim: only the newlines the chat
 * template puts after `</think>` are dropped.
 */
import type { ChatEvent, FinishEvent, FinishReason, MessagePart, ReasoningCut, Timings, Usage } from '../types.js';
import { IncrementalDecoder, type DecodeFn } from './incremental-decoder.js';
import { ThinkParser, type ThinkState } from './think-parser.js';
import type { ToolCallParser } from './tool-call-parser.js';
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
  /** Reads tool calls out of the answer, when the request has tools. */
  toolCalls?: ToolCallParser;
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
  private readonly parser: ThinkParser;
  private readonly reasoningDecoder: IncrementalDecoder;
  private readonly answerDecoder: IncrementalDecoder;
  private readonly now: () => number;
  private readonly generated: number[] = [];
  /** Whether the reply has a think block (opened in the prompt or generated). */
  private hasReasoning: boolean;
  private reasoningText = '';
  private answerText = '';
  private reasoningTokens = 0;
  /** Set once the reasoning ended and its event was emitted. */
  private reasoningEnded = false;
  private reasoningEndedAt: number | undefined;
  private cutBy: ReasoningCut | undefined;
  private budgetReached = false;
  /** True between a generated `</think>` and the answer's first other character. */
  private stripNewlines = false;
  private firstTokenAt: number | undefined;
  private lastTokenAt: number | undefined;

  constructor(private readonly options: ReplyBuilderOptions) {
    this.parser = new ThinkParser(options.initialState, { thinkStart: options.thinkStartId, thinkEnd: options.thinkEndId });
    this.reasoningDecoder = new IncrementalDecoder(options.decode);
    this.answerDecoder = new IncrementalDecoder(options.decode);
    this.hasReasoning = options.initialState === 'reasoning';
    this.now = options.now ?? (() => performance.now());
  }

  /** Tokens generated so far. */
  get tokens(): readonly number[] {
    return this.generated;
  }

  /** Adds one generated token; returns the events it produces. */
  push(id: number): ChatEvent[] {
    const { thinkingBudget, forcedIds, thinkEndId } = this.options;
    const forced = forcedTokenAt(this.generated, thinkingBudget, forcedIds, thinkEndId) === id;
    this.generated.push(id);
    const at = this.now();
    this.firstTokenAt ??= at;
    this.lastTokenAt = at;
    if (forced && this.parser.current === 'reasoning') this.budgetReached = true;
    const events: ChatEvent[] = [];
    switch (this.parser.push(id)) {
      case 'think-start':
        this.hasReasoning = true;
        this.reasoningTokens++;
        break;
      case 'reasoning':
        this.reasoningTokens++;
        this.reasoningDelta(events, this.reasoningDecoder.push(id));
        break;
      case 'think-end':
        this.reasoningTokens++;
        this.reasoningDelta(events, this.reasoningDecoder.flush());
        this.endReasoning(events, this.budgetReached ? 'budget' : undefined);
        this.stripNewlines = true;
        break;
      case 'answer': {
        const calls = this.options.toolCalls?.push(id);
        if (!calls) {
          this.answerDelta(events, this.answerDecoder.push(id));
          break;
        }
        // Text before a call arrives before it.
        this.answerDelta(events, this.answerDecoder.flush());
        events.push(...calls);
        break;
      }
    }
    return events;
  }

  /** Whether the reply made tool calls (valid or not). */
  get hasToolCalls(): boolean {
    return (this.options.toolCalls?.calls.length ?? 0) > 0;
  }

  /** Ends the reply: flushes held-back text and reports the totals. */
  finish(reason: FinishReason, prompt: PromptFigures): ChatEvent[] {
    const events: ChatEvent[] = [];
    this.reasoningDelta(events, this.reasoningDecoder.flush());
    this.answerDelta(events, this.answerDecoder.flush());
    events.push(...(this.options.toolCalls?.finish() ?? []));
    // A reply that stops inside its reasoning still ends it, saying why.
    if (this.hasReasoning) this.endReasoning(events, reason === 'length' ? 'max-tokens' : undefined);
    const end = this.now();
    const first = this.firstTokenAt ?? end;
    const last = this.lastTokenAt ?? end;
    const decodeSteps = Math.max(0, this.generated.length - 1);
    const usage: Usage = {
      promptTokens: prompt.promptTokens,
      completionTokens: this.generated.length,
      reasoningTokens: this.reasoningTokens,
      prefillTokens: prompt.prefillTokens,
    };
    const timings: Timings = {
      timeToFirstTokenMs: first - prompt.startedAt,
      prefillTokensPerSecond: rate(prompt.prefillTokens, first - prompt.prefillStartedAt),
      decodeTokensPerSecond: rate(decodeSteps, last - first),
      reasoningMs: this.hasReasoning ? (this.reasoningEndedAt ?? end) - first : 0,
      totalMs: end - prompt.startedAt,
    };
    const content: MessagePart[] = [];
    if (this.hasReasoning) {
      content.push({
        type: 'reasoning',
        text: this.reasoningText,
        state: 'done',
        durationMs: timings.reasoningMs,
        tokens: this.reasoningTokens,
        ...(this.cutBy ? { cutBy: this.cutBy } : {}),
      });
    }
    content.push({ type: 'text', text: this.answerText });
    content.push(...(this.options.toolCalls?.calls ?? []));
    events.push({ type: 'finish', reason, usage, timings, message: { role: 'assistant', content } } satisfies FinishEvent);
    return events;
  }

  private reasoningDelta(events: ChatEvent[], text: string): void {
    if (text.length === 0) return;
    this.reasoningText += text;
    events.push({ type: 'reasoning-delta', text });
  }

  private answerDelta(events: ChatEvent[], raw: string): void {
    let text = raw;
    if (this.stripNewlines) {
      // The template's own `lstrip('\n')`: newlines only, never spaces or indentation.
      text = text.replace(/^\n+/, '');
      if (text.length > 0) this.stripNewlines = false;
    }
    if (text.length === 0) return;
    this.answerText += text;
    events.push({ type: 'text-delta', text });
  }

  private endReasoning(events: ChatEvent[], cutBy: ReasoningCut | undefined): void {
    if (this.reasoningEnded) return;
    this.reasoningEnded = true;
    this.reasoningEndedAt = this.now();
    this.cutBy = cutBy;
    events.push({
      type: 'reasoning-end',
      tokens: this.reasoningTokens,
      durationMs: this.reasoningEndedAt - (this.firstTokenAt ?? this.reasoningEndedAt),
      budgetReached: this.budgetReached,
      ...(cutBy ? { cutBy } : {}),
    });
  }
}

function rate(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : 0;
}
