/**
 * The AI SDK provider (`qwen3-web/ai`) in real Chromium with the real `ai`
 * package, on the builder-style model (fp32 on WASM, greedy): `streamText`
 * with reasoning parts and usage, `generateText`, abort, a tool loop with
 * `execute`, and `useChat` from `@ai-sdk/react` on the transport with no
 * server. The random model never calls a tool by itself: the calls are forced
 * with `toolChoice` on a tool without parameters, which the engine writes whole.
 */
import type { Page } from '@playwright/test';
import { BUILDER_MODEL, expect, test } from './fixtures.js';

async function open(page: Page, hubUrl: string, scenario = ''): Promise<void> {
  const query = new URLSearchParams({ host: hubUrl, model: BUILDER_MODEL, ...(scenario && { scenario }) });
  await page.goto(`/test/browser/harness/ai-sdk.html?${query}`);
  await expect(page.locator('#status')).toHaveText('ready');
}

test('streamText: reasoning and text parts in order, usage with reasoning tokens, the budget from providerOptions; generateText; abort', async ({ page, hub }) => {
  await open(page, hub.url);
  const thinking = await page.evaluate(() => window.ai.streamText('Name a colour.', { thinking: true, thinkingBudget: 6, maxOutputTokens: 60 }));
  const order = thinking.parts.filter((type) => /^(reasoning|text)-(start|end)$|^finish$/.test(type));
  expect(order).toEqual(['reasoning-start', 'reasoning-end', 'text-start', 'text-end', 'finish']);
  expect(thinking.reasoning).toContain('Considering the limited time');
  expect(thinking.fullReasoning).toBe(thinking.reasoning);
  expect(thinking.finishReason).toBe('length');
  expect(thinking.usage!.outputTokens).toBe(60);
  expect(thinking.usage!.outputTokenDetails.reasoningTokens).toBeGreaterThan(6);

  const plain = await page.evaluate(() => window.ai.streamText('Name a colour.', { thinking: false, maxOutputTokens: 10 }));
  expect(plain.parts).not.toContain('reasoning-start');
  expect(plain.usage).toMatchObject({ outputTokens: 10, outputTokenDetails: { reasoningTokens: 0 } });
  const generated = await page.evaluate(() => window.ai.generateText('Name a colour.'));
  expect(generated.text).toBe(plain.text);
  // The same prompt again: its prefix came from the KV cache.
  expect(generated.usage.inputTokenDetails.cacheReadTokens).toBeGreaterThan(0);

  const aborted = await page.evaluate(() => window.ai.streamText('Write a long story.', { thinking: false, maxOutputTokens: 400, abortAfterParts: 8 }));
  expect(aborted.aborted).toBe(true);
  const after = await page.evaluate(() => window.ai.generateText('Name a colour.'));
  expect(after.text).toBe(plain.text);
});

test('Output.object (generateObject in ai 7): the model reasons freely, then its answer is the schema; partial objects stream', async ({ page, hub }) => {
  await open(page, hub.url);
  const result = await page.evaluate(() => window.ai.objectOutput());
  expect(result.warnings ?? []).toEqual([]);
  expect(result.reasoning?.length).toBeGreaterThan(0);
  for (const object of [result.object, result.streamedObject]) {
    expect(Object.keys(object as object)).toEqual(['colour', 'bright']);
    expect(object).toMatchObject({ colour: expect.stringMatching(/^(red|green|blue)$/), bright: expect.any(Boolean) });
  }
  expect(result.partials.at(-1)).toEqual(result.streamedObject);
});

test('a tool loop: the forced call is executed, its result goes back, the next step answers from the cache', async ({ page, hub }) => {
  await open(page, hub.url);
  const loop = await page.evaluate(() => window.ai.toolLoop());
  expect(loop.runs).toBe(1);
  expect(loop.steps[0]).toMatchObject({ finishReason: 'tool-calls', toolCalls: [{ toolName: 'get_time', input: {} }], toolResults: ['14:05'] });
  expect(loop.steps).toHaveLength(2);
  expect(loop.steps[1]!.toolCalls).toEqual([]);
  // The second step's prompt starts with the first's: the cache held through the call.
  expect(loop.steps[1]!.cached).toBeGreaterThan(0);
});

test('useChat from @ai-sdk/react on the transport: the reply streams in the page, the tool runs between steps', async ({ page, hub }) => {
  await open(page, hub.url, 'use-chat');
  await page.getByLabel('Message').fill('What time is it?');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('#chat-status')).toHaveText('ready', { timeout: 60_000 });
  await expect(page.locator('#messages > li')).toHaveCount(2);
  await expect(page.locator('#messages > li[data-role="assistant"] [data-part="tool-get_time"]')).toHaveText('14:05');
  await expect(page.locator('#messages > li[data-role="assistant"] [data-part="text"]').last()).not.toBeEmpty();
  expect(await page.evaluate(() => window.toolRuns.count)).toBe(1);
});
