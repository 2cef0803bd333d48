/**
 * Thinking mode, the thinking budget, reasoning as its own stream, sampling,
 * stop — on the builder-style graph in q4 (GroupQueryAttention, MatMulNBits),
 * as users load it on WASM. The tests share one loaded engine.
 */
import { loadTinyTokenizer } from '../../scripts/tiny-model/load-tokenizer.js';
import { STOP_THINKING_TEXT } from '../../src/core/thinking-budget.js';
import type { ChatEvent, FinishEvent } from '../../src/index.js';
import { BUILDER_MODEL, expect, sharedLoadedPage, test } from './fixtures.js';

const STOP_THINKING = 'Considering the limited time by the user, I have to give the solution based on the thinking directly now.';
const ask = [{ role: 'user' as const, content: 'What is 17 times 23?' }];

const textOf = (events: ChatEvent[], type: 'text-delta' | 'reasoning-delta') =>
  events.flatMap((event) => (event.type === type ? [event.text] : [])).join('');
const finishOf = (events: ChatEvent[]) => events.find((event): event is FinishEvent => event.type === 'finish');

const loadedPage = sharedLoadedPage({ model: BUILDER_MODEL, device: 'wasm', dtype: 'q4' });

/** Tokens of the forced stop-thinking instruction up to and including `</think>`: part of the reasoning. */
async function forcedReasoningTokens(): Promise<number> {
  const tokenizer = await loadTinyTokenizer();
  const forced = tokenizer.encode(STOP_THINKING_TEXT, { add_special_tokens: false });
  return forced.indexOf(151668) + 1;
}

test('budget N → N reasoning tokens, the stop-thinking instruction, then an answer; usage counts every token', async () => {
  const page = loadedPage();
  const forced = await forcedReasoningTokens();
  for (const budget of [5, 12]) {
    const run = await page.evaluate(
      ({ ask, budget }) => window.harness.chat(ask, { thinkingBudget: budget, maxNewTokens: budget + 60, temperature: 0 }),
      { ask, budget },
    );
    expect(run.error).toBeUndefined();
    const finish = finishOf(run.events)!;
    // The think block: the model's N tokens, then the forced instruction through </think>.
    expect(finish.usage.reasoningTokens).toBe(budget + forced);
    // completionTokens is every generated token, reasoning included (the reply ran to its cap).
    expect(finish.reason).toBe('length');
    expect(finish.usage.completionTokens).toBe(budget + 60);
    const end = run.events.find((event) => event.type === 'reasoning-end');
    expect(end).toMatchObject({ type: 'reasoning-end', tokens: budget + forced, budgetReached: true, cutBy: 'budget' });
    // Order: every reasoning delta comes before reasoning-end, every answer delta after it.
    const endAt = run.events.indexOf(end!);
    run.events.forEach((event, i) => {
      if (event.type === 'reasoning-delta') expect(i).toBeLessThan(endAt);
      if (event.type === 'text-delta') expect(i).toBeGreaterThan(endAt);
    });
    const reasoning = textOf(run.events, 'reasoning-delta');
    const answer = textOf(run.events, 'text-delta');
    expect(reasoning.trimEnd().endsWith(STOP_THINKING)).toBe(true);
    expect(reasoning + answer).not.toMatch(/<\/?think>/);
    expect(answer.length).toBeGreaterThan(0);
    expect(finish.message.content).toEqual([
      expect.objectContaining({ type: 'reasoning', text: reasoning, tokens: budget + forced, state: 'done', cutBy: 'budget' }),
      { type: 'text', text: answer },
    ]);
    expect(finish.timings.reasoningMs).toBeGreaterThan(0);
  }
});

test('maxNewTokens that cuts the reasoning says so, distinctly from the budget', async () => {
  const page = loadedPage();
  const run = await page.evaluate((ask) => window.harness.chat(ask, { maxNewTokens: 20, temperature: 0 }), ask);
  const finish = finishOf(run.events)!;
  expect(finish.reason).toBe('length');
  expect(finish.usage).toMatchObject({ reasoningTokens: 20, completionTokens: 20 });
  expect(textOf(run.events, 'text-delta')).toBe('');
  // The reasoning-end event comes last before finish, naming the cap that cut it.
  expect(run.events.at(-2)).toMatchObject({ type: 'reasoning-end', tokens: 20, budgetReached: false, cutBy: 'max-tokens' });
  expect(finish.message.content[0]).toMatchObject({ type: 'reasoning', cutBy: 'max-tokens' });
  // A budget larger than maxNewTokens: still the cap, not the budget.
  const capped = await page.evaluate((ask) => window.harness.chat(ask, { maxNewTokens: 10, temperature: 0, thinkingBudget: 30 }), ask);
  expect(finishOf(capped.events)!.usage.reasoningTokens).toBe(10);
  expect(capped.events.find((event) => event.type === 'reasoning-end')).toMatchObject({ budgetReached: false, cutBy: 'max-tokens' });
});

test('thinking off, budget 0 and /no_think give no reasoning', async () => {
  const page = loadedPage();
  const off = await page.evaluate((ask) => window.harness.chat(ask, { thinking: false, maxNewTokens: 12, temperature: 0 }), ask);
  expect(off.events.some((event) => event.type === 'reasoning-delta' || event.type === 'reasoning-end')).toBe(false);
  expect(finishOf(off.events)!.usage).toMatchObject({ reasoningTokens: 0, completionTokens: 12 });
  expect(finishOf(off.events)!.message.content).toHaveLength(1);

  const zero = await page.evaluate((ask) => window.harness.chat(ask, { thinkingBudget: 0, maxNewTokens: 12, temperature: 0 }), ask);
  expect(textOf(zero.events, 'reasoning-delta')).toBe('');
  // Budget 0 is non-thinking mode: the same prompt, the same reply.
  expect(textOf(zero.events, 'text-delta')).toBe(textOf(off.events, 'text-delta'));

  const noThink = await page.evaluate(
    () => window.harness.chat([{ role: 'user', content: 'What is 17 times 23? /no_think' }], { maxNewTokens: 12, temperature: 0 }),
  );
  expect(textOf(noThink.events, 'reasoning-delta')).toBe('');
  expect(finishOf(noThink.events)!.usage.reasoningTokens).toBe(0);
  expect(textOf(noThink.events, 'text-delta').length).toBeGreaterThan(0);

  // The latest switch wins: /think in a later turn turns reasoning back on.
  const back = await page.evaluate(
    () =>
      window.harness.chat(
        [
          { role: 'user', content: 'Hi /no_think' },
          { role: 'assistant', content: 'Hello.' },
          { role: 'user', content: 'Now think about it /think' },
        ],
        { maxNewTokens: 6, temperature: 0 },
      ),
  );
  expect(finishOf(back.events)!.usage.reasoningTokens).toBe(6);
});

test('abort mid-reasoning and mid-answer keeps the partial reply; the next chat works', async () => {
  const page = loadedPage();
  const midReasoning = await page.evaluate(
    (ask) => window.harness.chat(ask, { maxNewTokens: 400, temperature: 0 }, { abortAfter: 3, abortOn: 'reasoning-delta' }),
    ask,
  );
  expect(midReasoning.error).toBeUndefined();
  const first = finishOf(midReasoning.events)!;
  expect(first.reason).toBe('aborted');
  expect(first.usage.reasoningTokens).toBeGreaterThan(0);
  expect(first.usage.reasoningTokens).toBeLessThan(400);
  expect(first.message.content[0]).toMatchObject({ type: 'reasoning', text: textOf(midReasoning.events, 'reasoning-delta') });

  const midAnswer = await page.evaluate(
    (ask) => window.harness.chat(ask, { thinking: false, maxNewTokens: 400, temperature: 0 }, { abortAfter: 3, abortOn: 'text-delta' }),
    ask,
  );
  const second = finishOf(midAnswer.events)!;
  expect(second.reason).toBe('aborted');
  expect(second.usage.completionTokens).toBeGreaterThan(0);
  expect(second.usage.completionTokens).toBeLessThan(400);
  expect(second.message.content.at(-1)).toEqual({ type: 'text', text: textOf(midAnswer.events, 'text-delta') });

  const normal = await page.evaluate((ask) => window.harness.chat(ask, { thinking: false, maxNewTokens: 8, temperature: 0 }), ask);
  expect(finishOf(normal.events)).toMatchObject({ reason: 'length', usage: { completionTokens: 8 } });
});

test('overlapping chat() calls are queued and answered in order', async () => {
  const page = loadedPage();
  const order = await page.evaluate(async () => {
    const client = window.harness.client();
    const seen: string[] = [];
    const run = async (name: string, tokens: number) => {
      for await (const event of client.chat([{ role: 'user', content: name }], { thinking: false, maxNewTokens: tokens, temperature: 0 })) {
        seen.push(`${name}:${event.type}`);
      }
    };
    await Promise.all([run('first', 12), run('second', 4)]);
    return seen;
  });
  const firstFinish = order.indexOf('first:finish');
  const secondStart = order.findIndex((entry) => entry.startsWith('second:'));
  expect(firstFinish).toBeGreaterThanOrEqual(0);
  expect(secondStart).toBeGreaterThan(firstFinish);
  expect(order.at(-1)).toBe('second:finish');
});

test('sampling with a seed is reproducible; another seed differs', async () => {
  const page = loadedPage();
  const sample = (seed: number) =>
    page.evaluate((seed) => window.harness.chat([{ role: 'user', content: 'Tell me a story' }], { thinking: false, maxNewTokens: 24, seed, temperature: 1.0, topP: 0.95, topK: 50, minP: 0.01, presencePenalty: 1.5 }), seed);
  const a = textOf((await sample(7)).events, 'text-delta');
  const b = textOf((await sample(7)).events, 'text-delta');
  const c = textOf((await sample(8)).events, 'text-delta');
  expect(a.length).toBeGreaterThan(0);
  expect(b).toBe(a);
  expect(c).not.toBe(a);
  // topK 0 means the whole vocabulary: 151,936 candidates, and no engine limit on call arguments hit.
  const all = await page.evaluate(() => window.harness.chat([{ role: 'user', content: 'Tell me a story' }], { thinking: false, maxNewTokens: 3, seed: 1, temperature: 1, topK: 0 }));
  expect(all.error).toBeUndefined();
  expect(finishOf(all.events)!.usage.completionTokens).toBe(3);
});

test('with the default maxNewTokens a reply reaches its answer, even past the old 1,024-token cap', async () => {
  const page = loadedPage();
  // No maxNewTokens: the default covers the budget, the forced instruction and the answer.
  const run = await page.evaluate(
    (ask) => window.harness.chat(ask, { thinkingBudget: 1100, temperature: 0 }, { abortAfter: 1, abortOn: 'text-delta' }),
    ask,
  );
  expect(run.error).toBeUndefined();
  expect(run.events.find((event) => event.type === 'reasoning-end')).toMatchObject({ budgetReached: true, cutBy: 'budget' });
  expect(textOf(run.events, 'text-delta').length).toBeGreaterThan(0);
  expect(finishOf(run.events)!.usage.reasoningTokens).toBeGreaterThan(1100);
});

test('earlier turns’ reasoning is not fed back to the model', async () => {
  const page = loadedPage();
  const promptTokens = (withReasoning: boolean) =>
    page.evaluate(async (withReasoning) => {
      const assistant = withReasoning
        ? { role: 'assistant' as const, content: [{ type: 'reasoning' as const, text: 'a long line of private reasoning that must not reach the model' }, { type: 'text' as const, text: 'It is 391.' }] }
        : { role: 'assistant' as const, content: 'It is 391.' };
      const run = await window.harness.chat(
        [{ role: 'user', content: 'What is 17 times 23?' }, assistant, { role: 'user', content: 'And 391 + 9?' }],
        { thinking: false, maxNewTokens: 1, temperature: 0 },
      );
      const finish = run.events.find((event) => event.type === 'finish');
      return finish?.type === 'finish' ? finish.usage.promptTokens : -1;
    }, withReasoning);
  const plain = await promptTokens(false);
  expect(plain).toBeGreaterThan(10);
  expect(await promptTokens(true)).toBe(plain);
});

test('bad budgets and an oversize conversation → typed errors; the engine stays usable', async () => {
  const page = loadedPage();
  for (const thinkingBudget of [-1, Number.NaN, 1.5, -Infinity]) {
    const run = await page.evaluate((thinkingBudget) => window.harness.chat([{ role: 'user', content: 'Hi' }], { thinkingBudget }), thinkingBudget);
    expect(run.error, String(thinkingBudget)).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(run.error?.message).toContain('thinkingBudget');
  }
  // The tiny model's context is 40,960 tokens; this is about 50,000.
  const oversize = await page.evaluate(() => window.harness.chat([{ role: 'user', content: 'hello '.repeat(50_000) }], { maxNewTokens: 4 }));
  expect(oversize.error).toMatchObject({ code: 'CONTEXT_OVERFLOW', isQwen3Error: true });
  expect(oversize.error?.details).toMatchObject({ contextLength: 40960 });
  expect(Number(oversize.error?.details?.['requestedTokens'])).toBeGreaterThan(40960);
  expect(oversize.error?.message).toMatch(/40960/);

  // Dropping the oldest turns instead: the long first turn goes, the question stays.
  const dropped = await page.evaluate(() =>
    window.harness.chat(
      [
        { role: 'user', content: 'hello '.repeat(50_000) },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'What is 2 + 2?' },
      ],
      { maxNewTokens: 4, thinking: false, temperature: 0, contextOverflow: 'drop-oldest' },
    ),
  );
  expect(dropped.error).toBeUndefined();
  expect(finishOf(dropped.events)!.usage.promptTokens).toBeLessThan(100);

  const ok = await page.evaluate(() => window.harness.chat([{ role: 'user', content: 'Hi' }], { thinking: false, maxNewTokens: 4, temperature: 0 }));
  expect(finishOf(ok.events)?.reason).toBe('length');
});
