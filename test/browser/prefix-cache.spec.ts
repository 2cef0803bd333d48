/**
 * `warmPrefix()`: a long system prompt's KV cache stored in IndexedDB and
 * read back after a reload, in real Chromium on the builder-style model
 * (fp32 on WASM, whose numbers do not depend on how a prompt is split):
 * the first message after the reload prefills none of the prefix and answers
 * as a cold engine does; the cache counts in `listCachedModels()`, goes with
 * its model, and a damaged one is dropped and prefilled instead.
 */
import type { Page } from '@playwright/test';
import type { ChatEvent, ChatMessage } from '../../src/index.js';
import { BUILDER_MODEL, expect, test } from './fixtures.js';

const DTYPE = 'fp32' as const;
const system: ChatMessage = {
  role: 'system',
  content: `You are the keeper of the Tall Rock lighthouse. ${'Every night you light the lamp, wind the clockwork, log the weather and count the passing ships. '.repeat(12)}`,
};
const question: ChatMessage[] = [system, { role: 'user', content: 'What did you see last night?' }];
const ask = { thinking: false, maxNewTokens: 12, temperature: 0 } as const;

const load = (page: Page, host: string) => page.evaluate(({ host, model, dtype }) => window.harness.load({ model, host, device: 'wasm', dtype, warmUp: false }), { host, model: BUILDER_MODEL, dtype: DTYPE });
const finishOf = (events: ChatEvent[]) => {
  const finish = events.at(-1);
  if (finish?.type !== 'finish') throw new Error(`no finish: ${JSON.stringify(events.map((e) => e.type))}`);
  return finish;
};
const prefixesListed = (page: Page) =>
  page.evaluate(async ({ model, dtype }) => (await window.harness.cache.list()).find((entry) => entry.model === model && entry.dtype === dtype), { model: BUILDER_MODEL, dtype: DTYPE });
/** Keys of stored prefix records and tensors, straight from IndexedDB. */
const storedPrefixKeys = (page: Page) =>
  page.evaluate(async () => {
    const keysOf = (name: string, store: string) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(store, 'readonly').objectStore(store).getAllKeys();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result.map(String).filter((key) => key.startsWith('prefix:')));
          };
        };
      });
    return { records: await keysOf('qwen3-web-records', 'records'), tensors: await keysOf('qwen3-web-chunks', 'chunks') };
  });

test('a stored system prompt: zero prefill of it after a reload, the same answer, counted and deleted with its model', async ({ harnessPage: page, hub }) => {
  expect((await load(page, hub.url)).error).toBeUndefined();
  const cold = await page.evaluate(({ question, ask }) => window.harness.chat(question, { ...ask, reuseKvCache: false }), { question, ask });
  expect(cold.error).toBeUndefined();
  const coldFinish = finishOf(cold.events);
  expect(coldFinish.usage.prefillTokens).toBe(coldFinish.usage.promptTokens);

  const warmed = await page.evaluate((system) => window.harness.client().warmPrefix([system]), system);
  // The tiny model's cache: 2 layers × (key, value) × 2 KV heads × head_dim 32 × 4 bytes per token.
  expect(warmed).toMatchObject({ created: true, bytes: warmed.tokens * 2 * 2 * 2 * 32 * 4 });
  expect(warmed.tokens).toBeGreaterThan(200);
  expect(warmed.prefillMs).toBeGreaterThan(0);
  const again = await page.evaluate((system) => window.harness.client().warmPrefix([system]), system);
  expect(again).toEqual({ tokens: warmed.tokens, bytes: warmed.bytes, created: false, prefillMs: 0 });
  const listed = await prefixesListed(page);
  expect(listed?.prefixes).toEqual({ count: 1, bytes: warmed.bytes });
  expect(listed!.bytes).toBeGreaterThan(warmed.bytes);

  // A new page: a fresh worker, the model from IndexedDB, nothing in memory.
  await page.reload();
  await expect(page.locator('#status')).toHaveText('ready');
  hub.reset();
  expect((await load(page, hub.url)).error).toBeUndefined();
  expect(hub.countFor('onnx/')).toBe(0);
  const warm = await page.evaluate(({ question, ask }) => window.harness.chat(question, ask), { question, ask });
  expect(warm.error).toBeUndefined();
  const warmFinish = finishOf(warm.events);
  expect(warmFinish.usage.promptTokens).toBe(coldFinish.usage.promptTokens);
  expect(warmFinish.usage.prefillTokens).toBe(warmFinish.usage.promptTokens - warmed.tokens);
  expect(warmFinish.message).toEqual(coldFinish.message);

  // Another conversation starting with the same system prompt reuses it too
  // (from memory now, which holds a few template tokens more); one starting
  // otherwise prefills everything.
  const other = await page.evaluate(({ system, ask }) => window.harness.chat([system, { role: 'user', content: 'Any storms?' }], ask), { system, ask });
  expect(finishOf(other.events).usage.prefillTokens).toBeLessThanOrEqual(finishOf(other.events).usage.promptTokens - warmed.tokens);
  const unrelated = await page.evaluate((ask) => window.harness.chat([{ role: 'user', content: 'Hello there.' }], ask), ask);
  // (Only `<|im_start|>`, the template's first token, is common to every prompt.)
  expect(finishOf(unrelated.events).usage.prefillTokens).toBeGreaterThanOrEqual(finishOf(unrelated.events).usage.promptTokens - 1);

  // Deleting the model deletes its prefix caches: record and tensors.
  expect((await storedPrefixKeys(page)).tensors.length).toBe(4);
  await page.evaluate(({ model, dtype }) => window.harness.cache.delete(model, { dtype }), { model: BUILDER_MODEL, dtype: DTYPE });
  expect(await storedPrefixKeys(page)).toEqual({ records: [], tensors: [] });
});

test('a damaged stored prefix is dropped and its tokens prefilled; an aborted warmPrefix stores nothing; the engine stays usable', async ({ harnessPage: page, hub }) => {
  expect((await load(page, hub.url)).error).toBeUndefined();
  const warmed = await page.evaluate((system) => window.harness.client().warmPrefix([system]), system);
  expect(warmed.created).toBe(true);
  // Flip bytes of one stored tensor, then start over in a new page.
  await page.evaluate(async () => {
    const open = indexedDB.open('qwen3-web-chunks');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const store = () => db.transaction('chunks', 'readwrite').objectStore('chunks');
    const keys = await new Promise<IDBValidKey[]>((resolve) => {
      const request = store().getAllKeys();
      request.onsuccess = () => resolve(request.result);
    });
    const key = keys.map(String).find((k) => k.startsWith('prefix:'))!;
    const bytes = await new Promise<Uint8Array>((resolve) => {
      const request = store().get(key);
      request.onsuccess = () => resolve(request.result as Uint8Array);
    });
    await new Promise((resolve) => {
      const request = store().put(bytes.map((b, i) => (i % 97 === 3 ? b ^ 0x55 : b)), key);
      request.onsuccess = resolve;
    });
    db.close();
  });
  await page.reload();
  await expect(page.locator('#status')).toHaveText('ready');
  expect((await load(page, hub.url)).error).toBeUndefined();
  const run = await page.evaluate(({ question, ask }) => window.harness.chat(question, ask), { question, ask });
  expect(run.error).toBeUndefined();
  expect(finishOf(run.events).usage.prefillTokens).toBe(finishOf(run.events).usage.promptTokens);
  expect(await storedPrefixKeys(page)).toEqual({ records: [], tensors: [] });

  // Aborted before it ran: ABORTED, nothing stored; then the same call works.
  const aborted = await page.evaluate(async (system) => {
    const controller = new AbortController();
    controller.abort();
    try {
      await window.harness.client().warmPrefix([{ ...system, content: `${system.content} (second)` }], { signal: controller.signal });
      return undefined;
    } catch (error) {
      return window.harness.describe(error);
    }
  }, system);
  expect(aborted).toMatchObject({ code: 'ABORTED', isQwen3Error: true });
  expect((await storedPrefixKeys(page)).records).toEqual([]);
  const stored = await page.evaluate((system) => window.harness.client().warmPrefix([system]), system);
  expect(stored.created).toBe(true);
  const ok = await page.evaluate(({ question, ask }) => window.harness.chat(question, ask), { question, ask });
  expect(finishOf(ok.events).usage.prefillTokens).toBe(finishOf(ok.events).usage.promptTokens - stored.tokens);
});
