import { describe, expect, it } from 'vitest';
import { forcedTokenAt } from '../../src/core/thinking-budget.js';

const END = 99;
const forced = [10, 11, END, 12];

describe('forcedTokenAt', () => {
  it('is free before the budget', () => {
    expect(forcedTokenAt([1, 2], 3, forced, END)).toBeUndefined();
  });
  it('forces the instruction token by token from the budget on, then frees the model', () => {
    const generated = [1, 2, 3];
    const out: Array<number | undefined> = [];
    for (let i = 0; i < 6; i++) {
      const next = forcedTokenAt(generated, 3, forced, END);
      out.push(next);
      generated.push(next ?? 7);
    }
    expect(out).toEqual([10, 11, END, 12, undefined, undefined]);
  });
  it('does nothing when the model closed its reasoning within the budget', () => {
    expect(forcedTokenAt([1, END, 5, 6, 7], 3, forced, END)).toBeUndefined();
  });
  it('budget 0 forces from the first token; Infinity never', () => {
    expect(forcedTokenAt([], 0, forced, END)).toBe(10);
    expect(forcedTokenAt(Array(10_000).fill(1), Infinity, forced, END)).toBeUndefined();
  });
});
