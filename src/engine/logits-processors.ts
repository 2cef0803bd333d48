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
import { forcedCallTokenAt } from '../core/tool-choice.js';

function generatedTokens(inputIds: bigint[][], promptLength: number): number[] {
  return inputIds[0]!.slice(promptLength).map(Number);
}

function keepOnly(data: Float32Array, id: number): void {
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

/** Forces the stop-thinking instruction once the reasoning reaches its budget. */
export class ThinkingBudgetProcessor extends LogitsProcessor {
  constructor(
    private readonly budget: number,
    private readonly forced: readonly number[],
    private readonly thinkEndId: number,
    private readonly promptLength: number,
  ) {
    super();
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    const next = forcedTokenAt(generatedTokens(inputIds, this.promptLength), this.budget, this.forced, this.thinkEndId);
    if (next !== undefined) keepOnly(logits.data as Float32Array, next);
    return logits;
  }
}

/** Makes the reply write the opening its `toolChoice` requires, where its answer begins (core/tool-choice.ts). */
export class ToolChoiceProcessor extends LogitsProcessor {
  constructor(
    private readonly forced: readonly number[],
    private readonly startsInAnswer: boolean,
    private readonly thinkEndId: number,
    private readonly promptLength: number,
  ) {
    super();
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    const next = forcedCallTokenAt(generatedTokens(inputIds, this.promptLength), this.startsInAnswer, this.thinkEndId, this.forced);
    if (next !== undefined) keepOnly(logits.data as Float32Array, next);
    return logits;
  }
}

/** `toolChoice: 'none'`: `<tool_call>` is never chosen. */
export class NoToolCallProcessor extends LogitsProcessor {
  constructor(private readonly toolCallStartId: number) {
    super();
  }

  override _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    (logits.data as Float32Array)[this.toolCallStartId] = -Infinity;
    return logits;
  }
}
