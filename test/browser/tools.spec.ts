/**
 * Tool calls in real Chromium, through the worker, on the builder-style model
 * (fp32 on WASM: a reused cache gives exactly a cold run's logits). Its
 * weights are random, so it never chooses to call a tool: the calls here are
 * made by `toolChoice`, which forces the call's opening tokens where the
 * answer begins — for a tool without parameters the whole call, so the
 * model's own choices play no part — and for a tool with parameters only up
 * to its arguments, which the random model then writes as garbage: the path
 * of a malformed call.
 */
import type { ChatEvent, ChatMessage, ChatTool, FinishEvent, ToolCallPart } from '../../src/index.js';
import { BUILDER_MODEL, expect, sharedLoadedPage, test } from './fixtures.js';

const page = sharedLoadedPage({ model: BUILDER_MODEL, device: 'wasm', dtype: 'fp32', warmUp: false });

const CLOCK: ChatTool = { name: 'get_time', description: 'The time now, as HH:MM.' };
const WEATHER: ChatTool = {
  name: 'get_weather',
  description: 'The weather in a city now.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
};
const question: ChatMessage[] = [{ role: 'user', content: 'What time is it?' }];
const finishOf = (events: ChatEvent[]): FinishEvent => {
  const finish = events.at(-1);
  if (finish?.type !== 'finish') throw new Error(`no finish event: ${JSON.stringify(events.map((e) => e.type))}`);
  return finish;
};

for (const thinking of [true, false]) {
  test(`thinking ${thinking ? 'on' : 'off'}: a forced call streams as events, finishes with tool-calls, and its result continues the reply from the cache`, async () => {
    // A small budget ends the random model's reasoning; the call comes right after.
    const ask = { tools: [CLOCK, WEATHER], toolChoice: { type: 'tool', toolName: 'get_time' }, thinking, thinkingBudget: 6, maxNewTokens: 64, temperature: 0 } as const;
    const first = await page().evaluate(({ question, ask }) => window.harness.chat(question, ask), { question, ask });
    expect(first.error).toBeUndefined();
    const types = first.events.map((e) => e.type);
    const start = types.indexOf('tool-call-start');
    expect(start).toBeGreaterThanOrEqual(0);
    const callEvents = types.slice(start, types.indexOf('finish'));
    expect(callEvents[0]).toBe('tool-call-start');
    expect(callEvents.at(-1)).toBe('tool-call');
    expect(new Set(callEvents.slice(1, -1))).toEqual(new Set(['tool-call-delta']));
    if (thinking) expect(types.indexOf('reasoning-end')).toBeLessThan(start);
    const call = first.events.find((e) => e.type === 'tool-call')!;
    expect(call).toMatchObject({ toolName: 'get_time', input: {} });
    const deltas = first.events.flatMap((e) => (e.type === 'tool-call-delta' ? [e.inputTextDelta] : []));
    expect(deltas.join('')).toBe('{}');
    const finish = finishOf(first.events);
    expect(finish.reason).toBe('tool-calls');
    const part = finish.message.content.find((p): p is ToolCallPart => p.type === 'tool-call')!;
    expect(part).toMatchObject({ toolCallId: (call as { toolCallId: string }).toolCallId, toolName: 'get_time', input: {}, inputText: '{}' });

    // The tool's result goes back; the reply goes on from the cache (only the result and the turn's opening are prefilled).
    const next: ChatMessage[] = [...question, finish.message, { role: 'tool', toolCallId: part.toolCallId, content: '14:05' }];
    const continueAsk = { tools: [CLOCK, WEATHER], thinking, thinkingBudget: 6, maxNewTokens: 12, temperature: 0 } as const;
    const warm = await page().evaluate(({ next, ask }) => window.harness.chat(next, ask), { next, ask: continueAsk });
    const cold = await page().evaluate(({ next, ask }) => window.harness.chat(next, { ...ask, reuseKvCache: false }), { next, ask: continueAsk });
    expect(warm.error).toBeUndefined();
    const [warmFinish, coldFinish] = [finishOf(warm.events), finishOf(cold.events)];
    // The same reply (durations aside): the reused cache holds what a cold prefill computes.
    const withoutTimes = (message: FinishEvent['message']) => message.content.map((p) => (p.type === 'reasoning' ? { ...p, durationMs: 0 } : p));
    expect(withoutTimes(warmFinish.message)).toEqual(withoutTimes(coldFinish.message));
    expect(coldFinish.usage.prefillTokens).toBe(coldFinish.usage.promptTokens);
    // The whole first prompt (tools, question) comes from the cache. Beyond
    // it, with thinking off the template drops the past turn's empty think
    // block, so the call is prefilled again (~40 tokens with the result); with
    // thinking on the template keeps the reasoning, and the cache is reused as
    // far as the random model's reasoning tokens are what its text tokenizes
    // to (a real model's nearly always are; tool-calls.test.ts checks the
    // whole reuse on canonical tokens).
    if (thinking) expect(warmFinish.usage.prefillTokens).toBeLessThanOrEqual(warmFinish.usage.promptTokens - finish.usage.promptTokens);
    else expect(warmFinish.usage.prefillTokens).toBeLessThan(60);
    expect(warmFinish.usage.prefillTokens).toBeLessThan(coldFinish.usage.prefillTokens / 3);
  });
}

test('a malformed call is an event the app can answer, never a crash; the engine goes on', async () => {
  // Forced up to the arguments, which the random model writes itself.
  const ask = { tools: [CLOCK, WEATHER], toolChoice: { type: 'tool', toolName: 'get_weather' }, thinking: false, maxNewTokens: 24, temperature: 0 } as const;
  const run = await page().evaluate(({ question, ask }) => window.harness.chat(question, ask), { question, ask });
  expect(run.error).toBeUndefined();
  const error = run.events.find((e) => e.type === 'tool-call-error');
  expect(error).toMatchObject({ toolName: 'get_weather' });
  expect(['INCOMPLETE', 'INVALID_JSON', 'INVALID_ARGUMENTS']).toContain((error as { error: { code: string } }).error.code);
  expect(run.events.some((e) => e.type === 'tool-call')).toBe(false);
  const finish = finishOf(run.events);
  expect(finish.message.content.find((p) => p.type === 'tool-call')).toMatchObject({ toolName: 'get_weather', error: { code: (error as { error: { code: string } }).error.code } });

  // Bad tool requests are refused before anything runs, and the engine answers the next one.
  const refused = await page().evaluate(async (question) => {
    const client = window.harness.client();
    const attempt = async (options: object) => {
      try {
        for await (const event of client.chat(question, options as never)) void event;
        return undefined;
      } catch (error) {
        return (error as { code?: string; message: string }).code;
      }
    };
    return [await attempt({ toolChoice: 'required' }), await attempt({ tools: [{ name: 'a b' }] }), await attempt({ tools: [{ name: 'x' }], toolChoice: { type: 'tool', toolName: 'y' } })];
  }, question);
  expect(refused).toEqual(['INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'INVALID_ARGUMENT']);
  const after = await page().evaluate((question) => window.harness.chat(question, { thinking: false, maxNewTokens: 4 }), question);
  expect(after.error).toBeUndefined();
  expect(finishOf(after.events).reason).not.toBe('tool-calls');
});
