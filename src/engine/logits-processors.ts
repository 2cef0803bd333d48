/**
 * Adapters that plug our framework-free sampling and thinking-budget logic
 * into transformers.js's `generate()` as logits processors. transformers.js
 * 4.x samples with top-k only and no seed, so we run it greedy and do the
 * whole sampling step here: the chosen token is left as the only finite logit.
 */
import { LogitsProcessor, type Tensor } from '@huggingface/transformers';
import { applyPresencePenalty } from '../core/sampling/presence-penalty.js';
import { sampleToken, type SamplingSettings } from '../core/sampling/sample-token.js';
import { forcedTokenAt } from '../core/thinking-budget.js';
import { forcedAnswerTokenAt } from '../core/answer-start.js';

export function generatedTokens(inputIds: ReadonlyArray<ReadonlyArray<bigint | number>>, promptLength: number): number[] {
  return inputIds[0]!.slice(promptLength).map(Number);
}

export function keepOnly(data: Float32Array, id: number): void {
  data.fill(-Infinity);
  data[id] = 0;
}

/** Presence penalty over the reply's tokens so far. */
export class PresencePenaltyProcessor extends LogitsProcessor {
  constructor(
    private readonly penalty: number,
    private readonly promptLength: number,
  ) {
    super();
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    applyPresencePenalty(logits.data as Float32Array, generatedTokens(inputIds, this.promptLength), this.penalty);
    return logits;
  }
}

/** Temperature, top-k, top-p, min-p and a seeded draw. */
export class SamplingProcessor extends LogitsProcessor {
  constructor(
    private readonly settings: SamplingSettings,
    private readonly random: () => number,
  ) {
    super();
  }

  override _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    const data = logits.data as Float32Array;
    keepOnly(data, sampleToken(data, this.settings, this.random));
    return logits;
  }
}

/** At some steps, leaves one token as the only choice; which one is a pure function of the reply so far. */
abstract class ForcedTokenProcessor extends LogitsProcessor {
  constructor(private readonly promptLength: number) {
    super();
  }

  /** The token that must come after `generated`, or `undefined` when the model is free. */
  protected abstract forcedAfter(generated: readonly number[]): number | undefined;

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    const next = this.forcedAfter(generatedTokens(inputIds, this.promptLength));
    if (next !== undefined) keepOnly(logits.data as Float32Array, next);
    return logits;
  }
}

/** Forces the stop-thinking instruction once the reasoning reaches its budget. */
export class ThinkingBudgetProcessor extends ForcedTokenProcessor {
  constructor(
    private readonly budget: number,
    private readonly forced: readonly number[],
    private readonly thinkEndId: number,
    promptLength: number,
  ) {
    super(promptLength);
  }

  protected forcedAfter(generated: readonly number[]): number | undefined {
    return forcedTokenAt(generated, this.budget, this.forced, this.thinkEndId);
  }
}

/**
 * Makes the answer begin with given tokens where it begins (core/answer-start.ts):
 * the opening a `toolChoice` requires, or the blank line before a JSON answer.
 */
export class AnswerOpeningProcessor extends ForcedTokenProcessor {
  constructor(
    private readonly forced: readonly number[],
    private readonly startsInAnswer: boolean,
    private readonly thinkEndId: number,
    promptLength: number,
  ) {
    super(promptLength);
  }

  protected forcedAfter(generated: readonly number[]): number | undefined {
    return forcedAnswerTokenAt(generated, this.startsInAnswer, this.thinkEndId, this.forced);
  }
}

/** Tokens the reply may never choose: `<tool_call>` under `toolChoice: 'none'`. */
export class BannedTokensProcessor extends LogitsProcessor {
  constructor(private readonly banned: readonly number[]) {
    super();
  }

  override _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    const data = logits.data as Float32Array;
    for (const id of this.banned) data[id] = -Infinity;
    return logits;
  }
}
