/**
 * Long conversations against the context window, in real Chromium on the
 * builder-style model (fp32 on WASM, whose numbers do not depend on how a
 * prompt is split into passes, unlike q8's): `measureContextUsage()` counts exactly
 * what the tokenizer makes of the rendered prompt; `contextWindow` can be
 * bounded at load; `drop-oldest` leaves out the oldest whole turns of a
 * conversation longer than a small window, says so first, keeps room for the
 * reply and keeps reusing the KV cache; `error` fails before anything runs
 * and leaves the engine usable.
 */
import { AutoTokenizer, env } from '@huggingface/transformers';
import { fileURLToPath } from 'node:url';
import type { ChatEvent, ChatMessage } from '../../src/index.js';
import { BUILDER_MODEL, expect, sharedLoadedPage, test } from './fixtures.js';

/** Small enough that a dozen turns overflow it, large enough for a system prompt, a question and a reply. */
const WINDOW = 320;
const page = sharedLoadedPage({ model: BUILDER_MODEL, device: 'wasm', dtype: 'fp32', contextWindow: WINDOW, warmUp: false });

const system: ChatMessage = { role: 'system', content: 'You are a lighthouse keeper who answers in one sentence.' };
/** A system prompt, `turns` question–answer pairs, and a last question. */
function conversation(turns: number, last = 'And what do they carry today?'): ChatMessage[] {
  const messages: ChatMessage[] = [system];
  for (let i = 0; i < turns; i++) {
    messages.push({ role: 'user', content: `Question ${i}: what did the ships carry past the rocks on day ${i}?` });
    messages.push({ role: 'assistant', content: `On day ${i} they carried salt, timber and letters for the mainland.` });
  }
  messages.push({ role: 'user', content: last });
  return messages;
}
const finishOf = (events: ChatEvent[]) => {
  const finish = events.at(-1);
  if (finish?.type !== 'finish') throw new Error(`no finish event: ${JSON.stringify(events.map((e) => e.type))}`);
  return finish;
};

test('the loaded model reports its window: what the app asked for, below what it can hold', async () => {
  const loaded = await page().evaluate(() => window.harness.client().loaded!);
  expect(loaded).toMatchObject({ contextWindow: WINDOW, contextLength: WINDOW });
});

test('measureContextUsage() is exact against the tokenizer, with the thinking mode, and is what chat() then prefills', async () => {
  env.allowRemoteModels = false;
  env.localModelPath = fileURLToPath(new URL('../../models/', import.meta.url));
  const tokenizer = await AutoTokenizer.from_pretrained(BUILDER_MODEL);
  const messages = conversation(2);
  const template = (enable_thinking: boolean) =>
    (tokenizer.apply_chat_template(messages, { add_generation_prompt: true, enable_thinking, tokenize: true, return_tensor: false, return_dict: false } as never) as unknown as number[]).length;
  // Thinking off: the template closes an empty think block. On: it leaves the
  // block to the model, and the SDK opens it in the prompt (`<think>` and `\n`).
  const expected = { off: template(false), on: template(true) + 2 };
  const measured = await page().evaluate(async (messages) => {
    const client = window.harness.client();
    return {
      off: await client.measureContextUsage(messages, { thinking: false }),
      on: await client.measureContextUsage(messages, { thinking: true }),
      zeroBudget: await client.measureContextUsage(messages, { thinkingBudget: 0 }),
      // A conversation in progress (ending with a reply) can be measured too.
      afterReply: await client.measureContextUsage([...messages, { role: 'assistant', content: 'Salt.' }], { thinking: false }),
    };
  }, messages);
  expect(measured).toMatchObject({ off: expected.off, on: expected.on, zeroBudget: expected.off });
  expect(measured.afterReply).toBeGreaterThan(measured.off);
  for (const thinking of [false, true]) {
    const run = await page().evaluate(
      ({ messages, thinking }) => window.harness.chat(messages, { thinking, thinkingBudget: 4, maxNewTokens: 12, temperature: 0, reuseKvCache: false }),
      { messages, thinking },
    );
    expect(run.error).toBeUndefined();
    expect(finishOf(run.events).usage.promptTokens).toBe(thinking ? expected.on : expected.off);
  }
});

test('drop-oldest leaves out the oldest whole turns, says so first, keeps room for the reply, and the cache keeps working', async () => {
  const maxNewTokens = 24;
  const turns = 12;
  const ask = { contextOverflow: 'drop-oldest', thinking: false, maxNewTokens, temperature: 0 } as const;
  const messages = conversation(turns);
  const whole = await page().evaluate(({ messages, ask }) => window.harness.client().measureContextUsage(messages, ask), { messages, ask });
  expect(whole).toBeGreaterThan(WINDOW);

  const first = await page().evaluate(({ messages, ask }) => window.harness.chat(messages, ask), { messages, ask });
  expect(first.error).toBeUndefined();
  const trimmed = first.events[0]!;
  if (trimmed.type !== 'context-trimmed') throw new Error(`first event ${trimmed.type}`);
  expect(first.events.filter((e) => e.type === 'context-trimmed')).toHaveLength(1);
  // Whole question–answer pairs from the oldest on; the system prompt (0) and the last question stay.
  expect(trimmed.droppedTurns).toBeGreaterThan(0);
  expect(trimmed.droppedTurns).toBeLessThan(turns);
  expect(trimmed.droppedIndices).toEqual(Array.from({ length: 2 * trimmed.droppedTurns }, (_, i) => i + 1));
  expect(trimmed).toMatchObject({ tokensBefore: whole, reservedTokens: maxNewTokens, contextWindow: WINDOW });
  const finish = finishOf(first.events);
  expect(finish.usage.promptTokens).toBe(trimmed.tokensAfter);
  expect(trimmed.tokensAfter + maxNewTokens).toBeLessThanOrEqual(WINDOW);
  // The fewest turns: keeping one more would not leave the reply its room.
  const kept = messages.filter((_, i) => !trimmed.droppedIndices.includes(i));
  const oneMore = [system, ...messages.slice(2 * trimmed.droppedTurns - 1)];
  const [keptTokens, oneMoreTokens] = await page().evaluate(
    async ({ kept, oneMore, ask }) => [await window.harness.client().measureContextUsage(kept, ask), await window.harness.client().measureContextUsage(oneMore, ask)],
    { kept, oneMore, ask },
  );
  expect(keptTokens).toBe(trimmed.tokensAfter);
  expect(oneMoreTokens + maxNewTokens).toBeGreaterThan(WINDOW);
  expect(finish.usage.completionTokens).toBeGreaterThan(0);

  // The next turn: longer again, trimmed again; its cache is cut where the
  // prompts part (after the system prompt at the latest) and the reply is
  // the one a cold engine gives.
  const reply = finish.message.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
  const next = [...messages, { role: 'assistant', content: reply } as ChatMessage, { role: 'user', content: 'And tomorrow?' } as ChatMessage];
  const warm = await page().evaluate(({ next, ask }) => window.harness.chat(next, ask), { next, ask });
  const cold = await page().evaluate(({ next, ask }) => window.harness.chat(next, { ...ask, reuseKvCache: false }), { next, ask });
  expect(warm.error).toBeUndefined();
  expect(cold.error).toBeUndefined();
  const warmFinish = finishOf(warm.events);
  const coldFinish = finishOf(cold.events);
  expect(warm.events[0]!.type).toBe('context-trimmed');
  expect(warmFinish.message).toEqual(coldFinish.message);
  // At least the system prompt's block came from the cache.
  const systemBlock = await page().evaluate(async (system) => {
    const client = window.harness.client();
    const question: ChatMessage = { role: 'user', content: 'x' };
    return (await client.measureContextUsage([system, question], { thinking: false })) - (await client.measureContextUsage([question], { thinking: false }));
  }, system);
  expect(systemBlock).toBeGreaterThan(10);
  expect(warmFinish.usage.prefillTokens).toBeLessThanOrEqual(warmFinish.usage.promptTokens - systemBlock);
  expect(warmFinish.usage.prefillTokens).toBeLessThan(coldFinish.usage.prefillTokens);
});

test('error (the default) fails before anything runs, with the numbers, and the engine answers the next request', async () => {
  const messages = conversation(12);
  const run = await page().evaluate((messages) => window.harness.chat(messages, { thinking: false, maxNewTokens: 8 }), messages);
  expect(run.events).toEqual([]);
  expect(run.error).toMatchObject({ code: 'CONTEXT_OVERFLOW', isQwen3Error: true, details: { contextWindow: WINDOW, policy: 'error' } });
  const requested = (run.error!.details as { requestedTokens: number }).requestedTokens;
  expect(requested).toBe(await page().evaluate((messages) => window.harness.client().measureContextUsage(messages, { thinking: false }), messages));
  // A last question that alone outgrows the window fails with drop-oldest too.
  const huge = await page().evaluate(() =>
    window.harness.chat([{ role: 'user', content: 'lighthouse '.repeat(400) }], { contextOverflow: 'drop-oldest', thinking: false, maxNewTokens: 8 }),
  );
  expect(huge.error).toMatchObject({ code: 'CONTEXT_OVERFLOW', details: { policy: 'drop-oldest' } });
  const ok = await page().evaluate(() => window.harness.chat([{ role: 'user', content: 'Hi' }], { thinking: false, maxNewTokens: 4, temperature: 0 }));
  expect(ok.error).toBeUndefined();
  expect(finishOf(ok.events).reason).not.toBe('aborted');
});

test('a contextWindow below 64 tokens, or not a whole number, is refused at load', async () => {
  const refused = await page().evaluate(async () => [
    await window.harness.load({ model: 'x/y', contextWindow: 10 }),
    await window.harness.load({ model: 'x/y', contextWindow: 100.5 }),
  ]);
  for (const { error } of refused) expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { option: 'contextWindow' } });
  // The loaded model is untouched.
  expect(await page().evaluate(() => window.harness.client().loaded?.contextWindow)).toBe(WINDOW);
});
