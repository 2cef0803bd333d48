import { describe, expect, it } from 'vitest';
import { answerStartIn, forcedAnswerTokenAt } from '../../src/core/answer-start.js';
import { applyTokenMask } from '../../src/engine/json-constraint.js';

describe('applyTokenMask', () => {
  it('leaves the logits whose bit is set, in xgrammar packing (bit i % 32 of word i >> 5)', () => {
    const logits = Float32Array.from({ length: 70 }, (_, i) => i);
    const mask = new Int32Array(3);
    mask[0] = (1 << 0) | (1 << 31); // tokens 0 and 31
    mask[1] = -1; // 32..63 all allowed
    mask[2] = 1 << 5; // token 69
    applyTokenMask(logits, mask);
    const allowed = [...logits.keys()].filter((i) => logits[i] !== -Infinity);
    expect(allowed).toEqual([0, 31, ...Array.from({ length: 32 }, (_, i) => 32 + i), 69]);
    expect(logits[69]).toBe(69);
  });

  it('allows nothing past the mask', () => {
    const logits = new Float32Array(40).fill(1);
    applyTokenMask(logits, Int32Array.of(-1));
    expect(logits.slice(0, 32).every((x) => x === 1)).toBe(true);
    expect(logits.slice(32).every((x) => x === -Infinity)).toBe(true);
  });
});

describe('where the answer starts', () => {
  const END = 99;
  it('is the first token with thinking off, the one after </think> with it on', () => {
    expect(answerStartIn([], true, END)).toBe(0);
    expect(answerStartIn([1, 2], false, END)).toBeUndefined();
    expect(answerStartIn([1, END, 3], false, END)).toBe(2);
  });

  it('forces an opening from there', () => {
    expect(forcedAnswerTokenAt([1, END], false, END, [7])).toBe(7);
    expect(forcedAnswerTokenAt([1, END, 7], false, END, [7])).toBeUndefined();
  });
});

describe('applyTokenMask on a mostly closed mask', () => {
  it('keeps exactly the allowed logits, as word by word does', () => {
    const size = 151_936;
    const mask = new Int32Array(size / 32);
    for (const id of [0, 90, 4_999, 151_935]) mask[id >> 5]! |= 1 << (id & 31);
    const logits = Float32Array.from({ length: size }, (_, i) => i % 7);
    applyTokenMask(logits, mask);
    const allowed = [...logits.keys()].filter((i) => logits[i] !== -Infinity);
    expect(allowed).toEqual([0, 90, 4_999, 151_935]);
    expect(allowed.map((i) => logits[i])).toEqual([0, 90 % 7, 4_999 % 7, 151_935 % 7]);
  });
});
