/** The thinking-budget slider's positions ↔ token budgets. */
import { describe, expect, it } from 'vitest';
import { budgetToStep, stepToBudget, THINKING_BUDGET_STEPS } from '../../src/chat/thinking-budget-steps.js';

describe('thinking budget steps', () => {
  it('starts at 0, grows, and ends with unlimited', () => {
    expect(THINKING_BUDGET_STEPS[0]).toBe(0);
    expect(THINKING_BUDGET_STEPS.at(-1)).toBe(Infinity);
    for (let i = 1; i < THINKING_BUDGET_STEPS.length; i++) {
      expect(THINKING_BUDGET_STEPS[i]!).toBeGreaterThan(THINKING_BUDGET_STEPS[i - 1]!);
    }
  });
  it('maps every position to its budget and back', () => {
    THINKING_BUDGET_STEPS.forEach((budget, index) => {
      expect(stepToBudget(index)).toBe(budget);
      expect(budgetToStep(budget)).toBe(index);
    });
  });
  it('puts an in-between budget at the next step up, and clamps positions', () => {
    expect(budgetToStep(100)).toBe(THINKING_BUDGET_STEPS.indexOf(128));
    expect(budgetToStep(1_000_000)).toBe(THINKING_BUDGET_STEPS.length - 1);
    expect(stepToBudget(-3)).toBe(0);
    expect(stepToBudget(99)).toBe(Infinity);
  });
});
