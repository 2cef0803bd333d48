/**
 * One engine for all tabs (`createQwen3Client({ shared: true })`), with
 * several pages of one browser context, each a tab of the same origin: the
 * engine lives in one SharedWorker, the model is downloaded and loaded once,
 * requests from every tab run in order, an abort or a closed tab stops only
 * that tab's reply, and a tab opened later finds the model loaded. Greedy,
 * fp32, no KV reuse: a reply depends only on its prompt, so a reply in the
 * shared engine can be compared with a private worker's.
 */
import { statSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import type { ChatMessage, LoadedModel } from '../../src/index.js';
import { BUILDER_MODEL, expect, test, TINY_MODEL } from './fixtures.js';
import { killSharedEngine, sharedEngineTargets } from './shared-worker-targets.js';

const LOAD = { model: TINY_MODEL, device: 'wasm', dtype: 'fp32', warmUp: false } as const;
const ASK = { thinking: false, temperature: 0, maxNewTokens: 12, reuseKvCache: false } as const;
const questions: ChatMessage[][] = ['Name a colour.', 'Count to three.', 'Say hello.'].map((content) => [{ role: 'user', content }]);

async function openTab(context: BrowserContext, shared = true): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`/test/browser/harness/index.html${shared ? '?shared' : ''}`);
  await expect(page.locator('#status')).toHaveText('ready');
  return page;
}
const startLoad = (page: Page, host: string, model: string = LOAD.model) => page.evaluate(({ load, host }) => window.harness.startLoad({ ...load, host }), { load: { ...LOAD, model }, host });
const finishLoad = (page: Page) => page.evaluate(() => window.harness.finishLoad());
const isShared = (page: Page) => page.evaluate(() => window.harness.client().shared);
const answer = (page: Page, messages: ChatMessage[], control: { abortAfter?: number } = {}) =>
  page.evaluate(({ messages, ask, control }) => window.harness.chat(messages, ask, control), { messages, ask: ASK, control });
const textOf = (run: Awaited<ReturnType<typeof answer>>) => run.events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
const finishOf = (run: Awaited<ReturnType<typeof answer>>) => run.events.find((e) => e.type === 'finish') as { reason: string } | undefined;

/** Engine workers in the browser: shared workers (browser targets) and each page's dedicated ones. */
async function countWorkers(context: BrowserContext): Promise<{ shared: number; dedicated: number }> {
  const shared = (await sharedEngineTargets(context)).length;
  return { shared, dedicated: context.pages().reduce((sum, page) => sum + page.workers().length, 0) };
}

/** Two tabs of the shared engine, the model loaded. */
async function twoLoadedTabs(context: BrowserContext, host: string): Promise<[Page, Page]> {
  const tabs: [Page, Page] = [await openTab(context), await openTab(context)];
  for (const tab of tabs) await startLoad(tab, host);
  for (const tab of tabs) expect((await finishLoad(tab)).error).toBeUndefined();
  return tabs;
}

test('three tabs chat at once: one engine worker, one download and one load, each reply what a private engine gives', async ({ context, hub }) => {
  hub.reset();
  const tabs = [await openTab(context), await openTab(context), await openTab(context)];
  expect(await Promise.all(tabs.map(isShared))).toEqual([true, true, true]);
  await Promise.all(tabs.map((tab) => startLoad(tab, hub.url)));
  const loads = await Promise.all(tabs.map(finishLoad));
  for (const load of loads) expect(load.error).toBeUndefined();
  // One load: every tab got the same model, loaded once (the same load time to the microsecond).
  const loaded = loads.map((load) => load.loaded as LoadedModel);
  expect(new Set(loaded.map((model) => model.loadMs)).size).toBe(1);
  // One download: the graph's bytes were sent once.
  const graphBytes = statSync(`models/${TINY_MODEL}/onnx/model.onnx`).size;
  expect(hub.bytesServed((r) => r.file === 'onnx/model.onnx') / graphBytes).toBeCloseTo(1, 2);
  expect(await countWorkers(context)).toEqual({ shared: 1, dedicated: 0 });

  const replies = await Promise.all(tabs.map((tab, i) => answer(tab, questions[i]!)));
  for (const reply of replies) expect(reply.error).toBeUndefined();

  // The same questions in a private engine (its own worker, the model read from IndexedDB).
  const alone = await openTab(context, false);
  expect(await isShared(alone)).toBe(false);
  await startLoad(alone, hub.url);
  expect((await finishLoad(alone)).error).toBeUndefined();
  for (const [i, reply] of replies.entries()) expect(textOf(reply)).toBe(textOf(await answer(alone, questions[i]!)));
});

test('a tab opened later joins at once; a tab that aborts or closes stops only its own reply', async ({ context, hub }) => {
  const first = await openTab(context);
  await startLoad(first, hub.url);
  const firstLoad = (await finishLoad(first)).loaded as LoadedModel;

  // Joins: no file requested, the same load, progress straight at ready.
  hub.reset();
  const later = await openTab(context);
  await startLoad(later, hub.url);
  const joined = await finishLoad(later);
  expect(joined.error).toBeUndefined();
  expect((joined.loaded as LoadedModel).loadMs).toBe(firstLoad.loadMs);
  expect(hub.requests()).toEqual([]);

  // An abort in one tab leaves the other's reply whole.
  const [aborted, whole] = await Promise.all([answer(first, questions[0]!, { abortAfter: 2 }), answer(later, questions[1]!)]);
  expect(finishOf(aborted)?.reason).toBe('aborted');
  expect(finishOf(whole)?.reason).toBe('length');
  expect(textOf(whole)).toBe(textOf(await answer(later, questions[1]!)));

  // The tab that started the engine closes in the middle of a long reply:
  // its reply stops, the reply queued behind it in the other tab runs at
  // once, and the engine (and the model) stay.
  const long = first.evaluate(({ messages, ask }) => window.harness.chat(messages, { ...ask, maxNewTokens: 4000 }), { messages: questions[2]!, ask: ASK }).catch(() => undefined);
  await first.waitForTimeout(500);
  const queued = answer(later, questions[0]!);
  await first.waitForTimeout(500);
  const closedAt = Date.now();
  await first.close();
  const afterClose = await queued;
  void long;
  const waitedMs = Date.now() - closedAt;
  test.info().annotations.push({ type: 'queued reply done after the busy tab closed (ms)', description: String(waitedMs) });
  expect(finishOf(afterClose)?.reason).toBe('length');
  // 4,000 tokens would take minutes on this machine; the closed tab's reply was stopped.
  expect(waitedMs).toBeLessThan(30_000);
  expect(hub.requests().filter((r) => r.file !== undefined)).toEqual([]);
  expect(await countWorkers(context)).toEqual({ shared: 1, dedicated: 0 });
});

test('tabs taking turns each continue from their own KV cache: a turn prefills only its new message', async ({ context, hub }) => {
  const [a, b] = await twoLoadedTabs(context, hub.url);
  // The chat controller sends a conversation id per chat; here each tab sends its own.
  const turn = (page: Page, messages: ChatMessage[], conversationId: string) =>
    page.evaluate(({ messages, ask }) => window.harness.chat(messages, ask), { messages, ask: { thinking: false, temperature: 0, maxNewTokens: 8, conversationId } });
  const usageOf = (run: Awaited<ReturnType<typeof turn>>) => (run.events.find((e) => e.type === 'finish') as { usage: { promptTokens: number; prefillTokens: number } }).usage;
  // Long first messages: a turn that had to prefill its history again would show it.
  const long = (topic: string): ChatMessage[] => [{ role: 'user', content: `${topic} `.repeat(40).trim() }];
  const history = { a: long('Tell me about lighthouses.'), b: long('Tell me about rivers.') };
  const first = { a: await turn(a, history.a, 'tab-a'), b: await turn(b, history.b, 'tab-b') };
  for (const [key, page] of [['a', a], ['b', b]] as const) {
    const reply = first[key].events.find((e) => e.type === 'finish') as { message: ChatMessage };
    history[key].push(reply.message, { role: 'user', content: 'And then?' });
    const second = usageOf(await turn(page, history[key], `tab-${key}`));
    // Only what the turn added (the reply as history and the new message) is prefilled: the long first
    // message comes from this conversation's own cache, though the other tab's ran in between.
    expect(second.prefillTokens).toBeLessThanOrEqual(second.promptTokens - usageOf(first[key]).promptTokens);
    expect(second.prefillTokens).toBeLessThan(second.promptTokens / 4);
  }
});

test('another model while a tab uses one is MODEL_CONFLICT; progress reaches every tab that joins a load', async ({ context, hub }) => {
  hub.reset();
  hub.clearFaults();
  // A slow graph, so the second tab joins while the first is downloading.
  hub.addFault({ match: /onnx\/model\.onnx$/, kind: 'throttle', bytesPerSecond: 12_000_000 });
  const [first, second] = [await openTab(context), await openTab(context)];
  await startLoad(first, hub.url);
  await first.waitForTimeout(800);
  await startLoad(second, hub.url);
  const [a, b] = [await finishLoad(first), await finishLoad(second)];
  hub.clearFaults();
  expect(a.error).toBeUndefined();
  expect(b.error).toBeUndefined();
  // The joining tab saw the download move and finish, as the first did.
  const downloads = b.progress.filter((p) => p.phase === 'download');
  expect(downloads.length).toBeGreaterThan(1);
  expect(b.progress.at(-1)?.phase).toBe('ready');
  expect(Math.max(...b.progress.map((p) => p.fraction))).toBe(1);

  const third = await openTab(context);
  await startLoad(third, hub.url, BUILDER_MODEL);
  const refused = await finishLoad(third);
  expect(refused.error?.code).toBe('MODEL_CONFLICT');
  // The others' model is untouched.
  expect(finishOf(await answer(second, questions[0]!))?.reason).toBe('length');

  // Once no tab uses it, another model loads.
  await first.evaluate(() => window.harness.client().unload());
  await second.close();
  // The engine learns of the closed tab when its Web Lock is released: retried until then.
  await expect(async () => {
    await startLoad(third, hub.url, BUILDER_MODEL);
    const reloaded = await finishLoad(third);
    expect(reloaded.error).toBeUndefined();
    expect((reloaded.loaded as LoadedModel).model).toBe(BUILDER_MODEL);
  }).toPass({ timeout: 60_000 });
});

test('the shared worker dies mid-reply: that request fails with ENGINE_MOVED, every tab moves to a new engine, the model reloads from IndexedDB', async ({ context, hub }) => {
  const [a, b] = await twoLoadedTabs(context, hub.url);
  const before = textOf(await answer(b, questions[0]!));

  hub.reset();
  const long = b.evaluate(({ messages, ask }) => window.harness.chat(messages, { ...ask, maxNewTokens: 4000 }), { messages: questions[2]!, ask: ASK });
  await b.waitForTimeout(1000);
  await killSharedEngine(context);
  const interrupted = await long;
  expect(interrupted.error?.code).toBe('ENGINE_MOVED');

  // Both tabs answer again, on a new engine that loaded the model from IndexedDB.
  expect(textOf(await answer(b, questions[0]!))).toBe(before);
  expect(finishOf(await answer(a, questions[1]!))?.reason).toBe('length');
  expect(hub.requests().filter((r) => r.file !== undefined)).toEqual([]);
  expect(await countWorkers(context)).toEqual({ shared: 1, dedicated: 0 });
});
