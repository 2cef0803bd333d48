import { describe, expect, it } from 'vitest';
import { IncrementalDecoder } from '../../src/core/incremental-decoder.js';
import { ReplyBuilder } from '../../src/core/reply-builder.js';
import type { ChatEvent, FinishEvent } from '../../src/types.js';

// A toy vocabulary: ids map to strings; 90/91 are the two halves of "é" (a
// character split over two tokens, as byte-level BPE does).
const THINK = 100;
const END = 101;
const vocab: Record<number, string> = { 1: 'Hel', 2: 'lo', 3: ' world', 4: '\n\n', 5: 'Stop', 6: '.', [THINK]: '<think>', [END]: '</think>' };
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
  it('counts reasoning and answer tokens apart and emits events in order', () => {
    const events = run(builder('reasoning'), [1, 2, END, 4, 3, 3]);
    expect(events.map((e) => e.type)).toEqual(['reasoning-delta', 'reasoning-delta', 'reasoning-end', 'text-delta', 'text-delta', 'finish']);
    expect(joined(events, 'reasoning-delta')).toBe('Hello');
    expect(joined(events, 'text-delta')).toBe(' world world'.trimStart());
    const finish = events.at(-1) as FinishEvent;
    expect(finish.usage).toEqual({ promptTokens: 10, completionTokens: 3, reasoningTokens: 2, prefillTokens: 10 });
  });

  it('does not count the forced stop-thinking tokens and reports the budget cut', () => {
    const events = run(builder('reasoning', 2), [1, 2, 5, 6, END, 4, 3]);
    const finish = events.at(-1) as FinishEvent;
    expect(finish.usage.reasoningTokens).toBe(2);
    expect(finish.usage.completionTokens).toBe(1);
    expect(events.find((e) => e.type === 'reasoning-end')).toMatchObject({ tokens: 2, budgetReached: true });
    expect(joined(events, 'reasoning-delta')).toBe('HelloStop.');
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
