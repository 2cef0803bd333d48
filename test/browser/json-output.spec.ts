/**
 * JSON answers after free reasoning, in real Chromium through the worker, on
 * the builder-style model (fp32, WASM). Its weights are random, so whatever
 * JSON it writes is the grammar's doing: with the mask off it writes no JSON
 * at all. Schemas here are finite (enums, booleans, bounded integers, no
 * extra properties) so that even a random model completes them well within
 * its token limit; seeded sampling walks several different paths through
 * each.
 */
import type { ChatEvent, ChatMessage, FinishEvent, JsonSchema } from '../../src/index.js';
import { BUILDER_MODEL, expect, sharedLoadedPage, test } from './fixtures.js';

const page = sharedLoadedPage({ model: BUILDER_MODEL, device: 'wasm', dtype: 'fp32', warmUp: false });

const question: ChatMessage[] = [{ role: 'user', content: 'Describe the sky as JSON.' }];
const SKY: JsonSchema = {
  type: 'object',
  properties: {
    clear: { type: 'boolean' },
    color: { enum: ['blue', 'grey', 'orange'] },
    clouds: { type: 'integer', minimum: 0, maximum: 9 },
  },
  required: ['clear', 'color', 'clouds'],
  additionalProperties: false,
};

const finishOf = (events: ChatEvent[]): FinishEvent => {
  const finish = events.at(-1);
  if (finish?.type !== 'finish') throw new Error(`no finish event: ${JSON.stringify(events.map((e) => e.type))}`);
  return finish;
};
const answerOf = (events: ChatEvent[]): string => events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
const reasoningOf = (events: ChatEvent[]): string => events.flatMap((e) => (e.type === 'reasoning-delta' ? [e.text] : [])).join('');

function expectSky(value: unknown): void {
  expect(Object.keys(value as object)).toEqual(['clear', 'color', 'clouds']);
  const sky = value as { clear: unknown; color: unknown; clouds: unknown };
  expect(typeof sky.clear).toBe('boolean');
  expect(['blue', 'grey', 'orange']).toContain(sky.color);
  expect(Number.isInteger(sky.clouds) && (sky.clouds as number) >= 0 && (sky.clouds as number) <= 9).toBe(true);
}

test('without a format the random model writes no JSON: what the other tests get is the mask', async () => {
  const run = await page().evaluate((question) => window.harness.chat(question, { thinking: false, maxNewTokens: 24, temperature: 0 }), question);
  expect(run.error).toBeUndefined();
  expect(() => JSON.parse(answerOf(run.events))).toThrow();
  expect(finishOf(run.events).object).toBeUndefined();
});

for (const thinking of [true, false]) {
  test(`thinking ${thinking ? 'on' : 'off'}: the answer matches the schema on every seed, after free reasoning`, async () => {
    const objects = new Set<string>();
    for (const seed of [1, 2, 3, 4]) {
      const ask = { responseFormat: { type: 'json', schema: SKY }, thinking, thinkingBudget: 12, maxNewTokens: 96, temperature: 1, seed } as const;
      const run = await page().evaluate(({ question, ask }) => window.harness.chat(question, ask), { question, ask });
      expect(run.error).toBeUndefined();
      const finish = finishOf(run.events);
      expect(finish.reason).toBe('stop');
      const answer = answerOf(run.events);
      // One layout: no whitespace but after ", " and ": ".
      expect(answer).toMatch(/^\{"clear": (true|false), "color": "(blue|grey|orange)", "clouds": \d\}$/);
      expect(finish.object).toEqual(JSON.parse(answer));
      expectSky(finish.object);
      if (thinking) {
        // The reasoning was the random model's own (free, not JSON), cut by the budget.
        expect(reasoningOf(run.events).length).toBeGreaterThan(0);
        expect(run.events.findIndex((e) => e.type === 'reasoning-end')).toBeLessThan(run.events.findIndex((e) => e.type === 'text-delta'));
        expect(finish.usage.reasoningTokens).toBeGreaterThanOrEqual(12);
      } else {
        expect(finish.usage.reasoningTokens).toBe(0);
      }
      objects.add(JSON.stringify(finish.object));
    }
    // The seeds took different paths through the grammar: the mask allows choices, it does not write the answer.
    expect(objects.size).toBeGreaterThan(1);
  });
}

test('without a schema the answer is any one JSON value; cut short, it has no object', async () => {
  const free = await page().evaluate((question) => window.harness.chat(question, { responseFormat: { type: 'json' }, thinking: false, maxNewTokens: 200, temperature: 0.7, seed: 5 }), question);
  expect(free.error).toBeUndefined();
  const finish = finishOf(free.events);
  if (finish.reason === 'stop') expect(finish.object).toEqual(JSON.parse(answerOf(free.events)));
  else expect(finish.object).toBeUndefined();

  const cut = await page().evaluate((question) => window.harness.chat(question, { responseFormat: { type: 'json', schema: { type: 'object', properties: { note: { type: 'string' } }, required: ['note'] } }, thinking: false, maxNewTokens: 6, temperature: 0 }), question);
  const cutFinish = finishOf(cut.events);
  expect(cutFinish.reason).toBe('length');
  // Cut inside the grammar's fixed head: the tokens so far are a prefix of it, or run past it into the string.
  const head = '{"note": "';
  const text = answerOf(cut.events);
  expect(text.length).toBeGreaterThan(1);
  expect(head.startsWith(text) || text.startsWith(head)).toBe(true);
  expect(cutFinish.object).toBeUndefined();
});

test('a JSON answer can be stopped, and the conversation goes on from the cache', async () => {
  const ask = { responseFormat: { type: 'json', schema: SKY }, thinking: false, maxNewTokens: 64, temperature: 0 } as const;
  const stopped = await page().evaluate(({ question, ask }) => window.harness.chat(question, ask, { abortAfter: 2, abortOn: 'text-delta' }), { question, ask });
  expect(finishOf(stopped.events).reason).toBe('aborted');
  const first = await page().evaluate(({ question, ask }) => window.harness.chat(question, ask), { question, ask });
  const finish = finishOf(first.events);
  expectSky(finish.object);
  const next: ChatMessage[] = [...question, finish.message, { role: 'user', content: 'And tomorrow?' }];
  const second = await page().evaluate(({ next, ask }) => window.harness.chat(next, ask), { next, ask });
  const secondFinish = finishOf(second.events);
  expectSky(secondFinish.object);
  // Only the new turn was prefilled: the JSON answer came from the cache.
  expect(secondFinish.usage.prefillTokens).toBeLessThan(secondFinish.usage.promptTokens - finish.usage.promptTokens + 4);
});

test('bad formats are typed errors before anything runs; the engine answers the next request', async () => {
  const refused = await page().evaluate(async (question) => {
    const client = window.harness.client();
    const attempt = async (options: object) => {
      try {
        for await (const event of client.chat(question, options as never)) void event;
        return 'ran';
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    return [
      await attempt({ responseFormat: { type: 'xml' } }),
      await attempt({ responseFormat: { type: 'json', schema: 'an object' } }),
      await attempt({ responseFormat: { type: 'json', schema: { type: 'object', properties: { a: { $ref: '#/nowhere' } } } }, maxNewTokens: 4 }),
      await attempt({ responseFormat: { type: 'json' }, tools: [{ name: 'get_time' }], toolChoice: 'required' }),
    ];
  }, question);
  expect(refused).toEqual(['INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'INVALID_ARGUMENT']);
  const after = await page().evaluate(({ question, schema }) => window.harness.chat(question, { responseFormat: { type: 'json', schema }, thinking: false, maxNewTokens: 64 }), { question, schema: SKY });
  expectSky(finishOf(after.events).object);
});
