import { describe, expect, it } from 'vitest';
import { ThinkParser, type ThinkState, type TokenRole } from '../../src/core/think-parser.js';

const START = 151667;
const END = 151668;
const roles = (ids: number[], initial: ThinkState): TokenRole[] => {
  const parser = new ThinkParser(initial, { thinkStart: START, thinkEnd: END });
  return ids.map((id) => parser.push(id));
};

describe('ThinkParser (token ids)', () => {
  it('splits at the </think> id when the prompt opened the block', () => {
    expect(roles([1, 2, END, 3], 'reasoning')).toEqual(['reasoning', 'reasoning', 'think-end', 'answer']);
  });

  it('opens the block only when the reply starts with the <think> id', () => {
    expect(roles([START, 1, END, 2], 'before')).toEqual(['think-start', 'reasoning', 'think-end', 'answer']);
    expect(roles([1, START, 2, END], 'before')).toEqual(['answer', 'answer', 'answer', 'answer']);
  });

  it('treats tag ids after the reasoning closed as answer text', () => {
    expect(roles([END, END, START, 4], 'reasoning')).toEqual(['think-end', 'answer', 'answer', 'answer']);
  });

  it('keeps a <think> id inside the reasoning as reasoning', () => {
    expect(roles([START, 5, END], 'reasoning')).toEqual(['reasoning', 'reasoning', 'think-end']);
  });

  it('never opens reasoning in non-thinking mode', () => {
    expect(roles([START, 1, END], 'answer')).toEqual(['answer', 'answer', 'answer']);
  });
});
