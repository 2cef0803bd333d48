import { describe, expect, it } from 'vitest';
import { IncrementalDecoder } from '../../src/core/incremental-decoder.js';
import { ReplyBuilder } from '../../src/core/reply-builder.js';
import type { ChatEvent, FinishEvent } from '../../src/types.js';

// A toy vocabulary: ids map to strings; 90/91 are the two halves of "é" (a
// character split over two tokens, as byte-level BPE does).
const THINK = 100;
const END = 101;
const vocab: Record<number, string> = { 1: 'Hel', 2: 'lo', 3: ' world', 4: '\n\n', 5: 'Stop', 6: '.', 7: '    code', 8: '()\n', [THINK]: '<think>', [END]: '</think>' };
const decode = (ids: number[]): string =>
  ids
    .map((id, i) => {
      if (id === 90) return ids[i + 1] === 91 ? 'é' : '\uFFFD';
      if (id === 91) return ids[i - 1] === 90 ? '' : '\uFFFD';
      return vocab[id] ?? '';
    })
    .join('');

let clock = 0;
const builder = (initialState: 'reasoning' | 'answer', budget = Infinity) =>
  new ReplyBuilder({ decode, initialState, thinkStartId: THINK, thinkEndId: END, thinkingBudget: budget, forcedIds: [5, 6, END, 4], now: () => clock++ });
const prompt = { promptTokens: 10, prefillTokens: 10, startedAt: 0, prefillStartedAt: 0 };
const run = (b: ReplyBuilder, ids: number[]): ChatEvent[] => [...ids.flatMap((id) => b.push(id)), ...b.finish('stop', prompt)];
const joined = (events: ChatEvent[], type: string) => events.flatMap((e) => (e.type === type && 'text' in e ? [e.text] : [])).join('');

describe('IncrementalDecoder', () => {
  it('holds back a split character until it is complete', () => {
    const d = new IncrementalDecoder(decode);
    expect(d.push(1)).toBe('Hel');
    expect(d.push(90)).toBe('');
    expect(d.push(91)).toBe('é');
    expect(d.push(2)).toBe('lo');
  });
});

describe('ReplyBuilder', () => {
  it('counts every generated token in completionTokens, the think block in reasoningTokens, and emits events in order', () => {
    const events = run(builder('reasoning'), [1, 2, END, 4, 3, 3]);
    expect(events.map((e) => e.type)).toEqual(['reasoning-delta', 'reasoning-delta', 'reasoning-end', 'text-delta', 'text-delta', 'finish']);
    expect(joined(events, 'reasoning-delta')).toBe('Hello');
    // Only the template's newlines after </think> go; the answer's leading space stays.
    expect(joined(events, 'text-delta')).toBe(' world world');
    const finish = events.at(-1) as FinishEvent;
    expect(finish.usage).toEqual({ promptTokens: 10, completionTokens: 6, reasoningTokens: 3, prefillTokens: 10 });
  });

  it('counts the forced stop-thinking tokens and reports the budget cut', () => {
    const events = run(builder('reasoning', 2), [1, 2, 5, 6, END, 4, 3]);
    const finish = events.at(-1) as FinishEvent;
    // 2 reasoning + 3 forced up to </think>; the forced "\n\n" and the answer after it.
    expect(finish.usage).toMatchObject({ reasoningTokens: 5, completionTokens: 7 });
    expect(events.find((e) => e.type === 'reasoning-end')).toMatchObject({ tokens: 5, budgetReached: true, cutBy: 'budget' });
    expect(finish.message.content[0]).toMatchObject({ type: 'reasoning', cutBy: 'budget' });
    expect(joined(events, 'reasoning-delta')).toBe('HelloStop.');
  });

  it('says when maxNewTokens cut the reasoning, unlike the budget', () => {
    const b = builder('reasoning', 10);
    const events = [...[1, 2, 3].flatMap((id) => b.push(id)), ...b.finish('length', prompt)];
    const end = events.find((e) => e.type === 'reasoning-end');
    expect(end).toMatchObject({ tokens: 3, budgetReached: false, cutBy: 'max-tokens' });
    expect(events.indexOf(end!)).toBe(events.length - 2);
    expect((events.at(-1) as FinishEvent).message.content[0]).toMatchObject({ type: 'reasoning', cutBy: 'max-tokens' });
    // A reasoning the model closed itself has no cut.
    const closed = run(builder('reasoning'), [1, END, 3]);
    expect(closed.find((e) => e.type === 'reasoning-end')).not.toHaveProperty('cutBy');
    expect((closed.at(-1) as FinishEvent).message.content[0]).not.toHaveProperty('cutBy');
  });

  it('keeps the answer verbatim: indentation, leading spaces, and literal tags', () => {
    const indented = run(builder('reasoning'), [1, END, 4, 7, 8]);
    expect(joined(indented, 'text-delta')).toBe('    code()\n');
    const tags = run(builder('reasoning'), [1, END, 4, 1, END, 2, THINK, 3]);
    expect(joined(tags, 'reasoning-delta')).toBe('Hel');
    expect(joined(tags, 'text-delta')).toBe('Hel</think>lo<think> world');
    expect((tags.at(-1) as FinishEvent).usage).toMatchObject({ reasoningTokens: 2, completionTokens: 8 });
    // In non-thinking mode nothing is stripped: the prompt already holds the template's newlines.
    expect(joined(run(builder('answer'), [4, 1]), 'text-delta')).toBe('\n\nHel');
  });

  it('has no reasoning part in non-thinking mode', () => {
    const events = run(builder('answer'), [1, 2]);
    const finish = events.at(-1) as FinishEvent;
    expect(finish.message.content).toEqual([{ type: 'text', text: 'Hello' }]);
    expect(events.some((e) => e.type === 'reasoning-end')).toBe(false);
  });

  it('reports timings from the clock', () => {
    clock = 100;
    const b = builder('answer');
    b.push(1);
    b.push(2);
    b.push(3);
    const finish = b.finish('length', { promptTokens: 4, prefillTokens: 4, startedAt: 90, prefillStartedAt: 95 }).at(-1) as FinishEvent;
    expect(finish.timings.timeToFirstTokenMs).toBe(10);
    expect(finish.timings.prefillTokensPerSecond).toBeCloseTo(4000 / 5);
    expect(finish.timings.decodeTokensPerSecond).toBeCloseTo(2000 / 2);
  });
});
