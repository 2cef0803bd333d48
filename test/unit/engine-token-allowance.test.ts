import { describe, expect, it } from 'vitest';
import { ANSWER_TOKENS, defaultMaxNewTokens, STOP_THINKING_TOKENS, UNLIMITED_REASONING_MAX_NEW_TOKENS } from '../../src/core/token-allowance.js';
import { maxNewTokensFor } from '../../src/engine/generate-reply.js';
import type { PromptPlan } from '../../src/engine/prompt-plan.js';

const plan = (thinkingBudget: number, thinking: boolean, promptTokens = 100): PromptPlan => ({
  ids: Array.from({ length: promptTokens }, () => 1),
  initialState: thinking ? 'reasoning' : 'answer',
  thinkingBudget: thinking ? thinkingBudget : Infinity,
  messages: [],
});

describe('the default maxNewTokens covers the reasoning and the answer', () => {
  it('is budget + stop-thinking instruction + answer, per request', () => {
    for (const budget of [256, 1024, 2048, 4096]) {
      expect(defaultMaxNewTokens(budget, true)).toBe(budget + STOP_THINKING_TOKENS + ANSWER_TOKENS);
      // The engine uses it when the request gives none: every budget step takes effect.
      expect(maxNewTokensFor(plan(budget, true), {}, 40960)).toBeGreaterThan(budget + STOP_THINKING_TOKENS);
    }
    // Qwen3's stop-thinking instruction is 25 tokens.
    expect(STOP_THINKING_TOKENS).toBeGreaterThanOrEqual(25);
  });

  it('has documented values with thinking off and with no budget', () => {
    expect(defaultMaxNewTokens(512, false)).toBe(ANSWER_TOKENS);
    expect(defaultMaxNewTokens(0, true)).toBe(ANSWER_TOKENS);
    expect(defaultMaxNewTokens(Infinity, true)).toBe(UNLIMITED_REASONING_MAX_NEW_TOKENS);
    expect(maxNewTokensFor(plan(Infinity, false), {}, 40960)).toBe(ANSWER_TOKENS);
  });

  it('keeps an explicit maxNewTokens, and never goes past the context', () => {
    expect(maxNewTokensFor(plan(4096, true), { maxNewTokens: 100 }, 40960)).toBe(100);
    expect(maxNewTokensFor(plan(Infinity, true, 1000), {}, 4096)).toBe(3096);
  });
});
