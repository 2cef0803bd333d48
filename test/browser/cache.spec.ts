/**
 * Weights in IndexedDB: a second load needs no network, interrupted downloads
 * resume, damage is found and repaired, storage limits give typed errors, and
 * the cache can be listed and cleared.
 */
import { statSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { BUILDER_MODEL, expect, test } from './fixtures.js';
import { damageStoredFile, storeIsConsistent } from './store-internals.js';

const MODEL = 'qwen3-web/Qwen3-Tiny-ONNX';
const MODEL_DIR = `models/${MODEL}`;
const FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];
const sizeOf = (file: string) => statSync(`${MODEL_DIR}/${file}`).size;
const ONNX_BYTES = sizeOf('onnx/model.onnx');
const PROMPT = 'The quick brown fox';

const load = (page: Page, host: string, extra: { abortAfterMs?: number } = {}) =>
  page.evaluate(({ host, model, extra }) => window.harness.load({ model, host, device: 'wasm', ...extra }), { host, model: MODEL, extra });
/** The builder-style export in q4f16: its weights live in two external-data chunks. */
const loadQ4f16 = (page: Page, host: string) =>
  page.evaluate(({ host, model }) => window.harness.load({ model, host, device: 'wasm', dtype: 'q4f16' }), { host, model: BUILDER_MODEL });
/** A returning visitor: the hub's request log cleared, a fresh page (and worker), then a load (the tiny model's by default). */
async function reloadAndLoad(page: Page, hub: { url: string; reset(): void }, loadModel: typeof load = load) {
  hub.reset();
  await page.reload();
  await expect(page.locator('#status')).toHaveText('ready');
  return loadModel(page, hub.url);
}
const reply = (page: Page) =>
  page.evaluate(() => window.harness.chat([{ role: 'user', content: 'Hello' }], { thinking: false, maxNewTokens: 12, temperature: 0 }));
const textOf = (run: Awaited<ReturnType<typeof reply>>) => run.events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
/** The graph's body requests as the CDN saw them (the hub answers each with a 302 first). */
const graphDownloads = (hub: { requests(): Array<{ origin?: string; file?: string; method: string; range?: string; status: number }> }) =>
  hub.requests().filter((r) => r.origin === 'cdn' && r.file === 'onnx/model.onnx' && r.method === 'GET' && r.range !== 'bytes=0-0');
const modelRequests = (hub: { requests(): Array<{ path: string; method: string; range?: string; status: number }> }) =>
  hub.requests().filter((r) => r.path.includes(`/${MODEL}/resolve/`) && r.method !== 'OPTIONS');

/** Logits of an uninterrupted load in a fresh context: the reference for repaired downloads. */
async function referenceLogits(browser: import('@playwright/test').Browser, baseURL: string, host: string): Promise<number[]> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/test/browser/harness/index.html');
  await expect(page.locator('#status')).toHaveText('ready');
  expect((await load(page, host)).error).toBeUndefined();
  const logits = await page.evaluate((prompt) => window.harness.logits(prompt), PROMPT);
  await context.close();
  return logits;
}

test('a second load makes zero requests for model files and gives the same output', async ({ harnessPage: page, hub }) => {
  const first = await load(page, hub.url);
  expect(first.error).toBeUndefined();
  expect(first.progress.some((p) => p.phase === 'download' && p.total >= ONNX_BYTES)).toBe(true);
  const firstReply = textOf(await reply(page));
  expect(firstReply.length).toBeGreaterThan(0);

  const second = await reloadAndLoad(page, hub);
  expect(second.error).toBeUndefined();
  expect(modelRequests(hub)).toEqual([]);
  // Progress is reported for cached loads too.
  const cached = second.progress.filter((p) => p.phase === 'cache');
  expect(cached.length).toBeGreaterThan(0);
  expect(second.progress.some((p) => p.phase === 'compile')).toBe(true);
  expect(second.progress.at(-1)).toMatchObject({ phase: 'ready', fraction: 1 });
  expect(textOf(await reply(page))).toBe(firstReply);
});

test('a download cut at half, at full network speed, keeps every byte that arrived and resumes from there with identical logits', async ({
  harnessPage: page,
  hub,
  browser,
  baseURL,
}) => {
  const reference = await referenceLogits(browser, baseURL!, hub.url);
  hub.reset();
  const half = Math.floor(ONNX_BYTES / 2);
  // No throttling: the network runs ahead of IndexedDB's writes.
  hub.addFault({ match: /onnx\/model\.onnx$/, kind: 'cut', afterBytes: half, times: 1 });
  const cut = await load(page, hub.url);
  expect(cut.error).toMatchObject({ code: 'NETWORK', isQwen3Error: true });
  expect(cut.error?.message).toMatch(/resume/i);
  const afterCut = await storeIsConsistent(page);
  expect(afterCut.consistent).toBe(true);
  const kept = afterCut.files['onnx/model.onnx'] ?? 0;
  // Within one 4 MiB chunk of where the server cut the body.
  expect(kept).toBeGreaterThanOrEqual(half - 4 * 1024 * 1024);
  expect(kept).toBeLessThanOrEqual(half);

  hub.reset();
  const resumed = await load(page, hub.url);
  expect(resumed.error).toBeUndefined();
  const onnxGets = graphDownloads(hub);
  expect(onnxGets.map((r) => [r.range, r.status])).toEqual([[`bytes=${kept}-`, 206]]);
  // Only the small files that were not stored yet were fetched again, and nothing twice.
  expect(modelRequests(hub).filter((r) => r.path.endsWith('tokenizer.json'))).toEqual([]);
  expect(await page.evaluate((prompt) => window.harness.logits(prompt), PROMPT)).toEqual(reference);
});

test('a stored external-data chunk damaged by flipped bytes, a truncated or a dropped chunk is detected and fetched again', async ({
  harnessPage: page,
  hub,
}) => {
  // Four loads in one test, three of them repairs.
  test.setTimeout(300_000);
  const chunk = 'onnx/model_q4f16.onnx_data_1';
  const chunkBytes = statSync(`models/${BUILDER_MODEL}/${chunk}`).size;
  expect((await loadQ4f16(page, hub.url)).error).toBeUndefined();
  const before = await page.evaluate((prompt) => window.harness.logits(prompt), PROMPT);
  for (const damage of ['flip-bytes', 'truncate-chunk', 'drop-last-chunk'] as const) {
    await damageStoredFile(page, chunk, damage, BUILDER_MODEL);
    expect((await reloadAndLoad(page, hub, loadQ4f16)).error, damage).toBeUndefined();
    expect(hub.countFor(chunk), damage).toBeGreaterThan(0);
    expect(hub.countFor('tokenizer.json'), damage).toBe(0);
    expect(hub.countFor('onnx/model_q4f16.onnx_data'), damage).toBe(0);
    expect(await page.evaluate((prompt) => window.harness.logits(prompt), PROMPT), damage).toEqual(before);
    expect((await storeIsConsistent(page)).files[chunk], damage).toBe(chunkBytes);
  }
});

test('a download of an external-data chunk cut mid-way fails with NETWORK instead of waiting forever, and the next load resumes it', async ({
  harnessPage: page,
  hub,
}) => {
  // transformers.js loses the rejection of an external-data fetch: before the fix this load never settled.
  const chunk = 'onnx/model_q4f16.onnx_data';
  const half = Math.floor(statSync(`models/${BUILDER_MODEL}/${chunk}`).size / 2);
  hub.addFault({ match: /onnx\/model_q4f16\.onnx_data$/, kind: 'cut', afterBytes: half, times: 1 });
  const cut = await loadQ4f16(page, hub.url);
  expect(cut.error).toMatchObject({ code: 'NETWORK', isQwen3Error: true });
  const kept = (await storeIsConsistent(page)).files[chunk] ?? 0;
  expect(kept).toBeGreaterThan(0);

  hub.reset();
  const resumed = await loadQ4f16(page, hub.url);
  expect(resumed.error).toBeUndefined();
  const gets = hub.requests().filter((r) => r.origin === 'cdn' && r.file === chunk && r.method === 'GET');
  expect(gets.map((r) => [r.range, r.status])).toEqual([[`bytes=${kept}-`, 206]]);
  const run = await page.evaluate(() => window.harness.chat([{ role: 'user', content: 'Hi' }], { thinking: false, maxNewTokens: 4, temperature: 0 }));
  expect(run.events.at(-1)).toMatchObject({ type: 'finish', usage: { completionTokens: 4 } });
});

test('files stored whole but never marked complete are checked and finished from the store, with no request', async ({ harnessPage: page, hub }) => {
  expect((await load(page, hub.url)).error).toBeUndefined();
  const before = await page.evaluate((prompt) => window.harness.logits(prompt), PROMPT);
  // As when the disk fills (or the tab closes) between a file's last chunk and its final record.
  await damageStoredFile(page, 'tokenizer.json', 'unfinished');
  await damageStoredFile(page, 'onnx/model.onnx', 'unfinished');
  const finished = await reloadAndLoad(page, hub);
  expect(finished.error).toBeUndefined();
  // Not even a size probe, and no Range from a file's end (a host answers that with 416).
  expect(modelRequests(hub)).toEqual([]);
  const state = await storeIsConsistent(page);
  expect(state.files['tokenizer.json']).toBe(sizeOf('tokenizer.json'));
  expect(state.files['onnx/model.onnx']).toBe(ONNX_BYTES);
  expect(await page.evaluate((prompt) => window.harness.logits(prompt), PROMPT)).toEqual(before);
});

test('abort during a download leaves the store consistent; the next load resumes', async ({ harnessPage: page, hub }) => {
  // About 6 s for the ONNX file; abort once part of it is stored.
  hub.addFault({ match: /onnx\/model\.onnx$/, kind: 'throttle', bytesPerSecond: Math.ceil(ONNX_BYTES / 6) });
  await page.evaluate(({ host, model }) => window.harness.startLoad({ model, host, device: 'wasm' }), { host: hub.url, model: MODEL });
  await expect.poll(async () => (await storeIsConsistent(page)).files['onnx/model.onnx'] ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
  const aborted = await page.evaluate(() => window.harness.abortLoad());
  expect(aborted.error).toMatchObject({ code: 'ABORTED' });
  const state = await storeIsConsistent(page);
  expect(state.consistent).toBe(true);
  const kept = state.files['onnx/model.onnx'] ?? 0;
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(ONNX_BYTES);

  hub.clearFaults();
  hub.reset();
  const resumed = await load(page, hub.url);
  expect(resumed.error).toBeUndefined();
  expect(hub.requests().some((r) => r.path.endsWith('onnx/model.onnx') && r.range === `bytes=${kept}-`)).toBe(true);
});

test('a model larger than the free storage fails with QUOTA_EXCEEDED before downloading', async ({ harnessPage: page, hub }) => {
  const huge = 50 * 1024 ** 4; // 50 TiB
  hub.addFault({ match: /onnx\/model\.onnx$/, kind: 'announce-length', bytes: huge });
  const result = await load(page, hub.url);
  expect(result.error).toMatchObject({ code: 'QUOTA_EXCEEDED', isQwen3Error: true });
  expect(Number(result.error?.details?.['neededBytes'])).toBeGreaterThanOrEqual(huge);
  expect(Number(result.error?.details?.['freeBytes'])).toBeGreaterThan(0);
  expect(result.error?.message).toMatch(/free/);
  // The size came from the hub's API: the ONNX file was never requested.
  expect(hub.requests().filter((r) => r.file === 'onnx/model.onnx')).toEqual([]);

  hub.clearFaults();
  expect((await load(page, hub.url)).error).toBeUndefined();
});

test('a quota error in the middle of a write is typed and leaves the store consistent', async ({ harnessPage: page, hub, baseURL }) => {
  // Chromium enforces this quota on writes but does not report it through
  // navigator.storage.estimate(), so the preflight passes and the write
  // itself fails, part-way through the weights. The runtime's own files
  // (onnxruntime-web's CPU-only build, kept in Cache Storage for offline
  // starts) count too: 30 MB above them holds the tokenizer and part of the weights.
  const runtimeBytes = ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs'].reduce((sum, file) => sum + statSync(`node_modules/onnxruntime-web/dist/${file}`).size, 0);
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(baseURL!).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: runtimeBytes + 30 * 1024 * 1024 });
  const full = await load(page, hub.url);
  expect(full.error).toMatchObject({ code: 'QUOTA_EXCEEDED', isQwen3Error: true });
  expect(full.error?.message).toMatch(/resume/);
  const state = await storeIsConsistent(page);
  expect(state.consistent).toBe(true);
  expect(state.files['tokenizer.json']).toBe(sizeOf('tokenizer.json'));
  const kept = state.files['onnx/model.onnx'] ?? 0;
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(ONNX_BYTES);

  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  hub.reset();
  expect((await load(page, hub.url)).error).toBeUndefined();
  expect(hub.requests().some((r) => r.path.endsWith('onnx/model.onnx') && r.range === `bytes=${kept}-`)).toBe(true);
  expect((await storeIsConsistent(page)).files['onnx/model.onnx']).toBe(ONNX_BYTES);
});

test('offline: after one load, a new client loads and chats with the network off', async ({ harnessPage: page, hub, context }) => {
  expect((await load(page, hub.url)).error).toBeUndefined();
  const online = textOf(await reply(page));
  await page.reload();
  await expect(page.locator('#status')).toHaveText('ready');
  // The page and its worker come from the dev server, which has no offline
  // copy; the PWA test (demo) covers reloading the page itself offline.
  await page.evaluate(async () => {
    window.harness.create();
    await window.harness.client().unload();
  });
  hub.reset();
  await context.setOffline(true);
  const offline = await load(page, hub.url);
  expect(offline.error).toBeUndefined();
  expect(textOf(await reply(page))).toBe(online);
  expect(modelRequests(hub)).toEqual([]);
  await context.setOffline(false);
});

test('listCachedModels, hasCachedModel, deleteCachedModel and clearCache', async ({ harnessPage: page, hub }) => {
  expect(await page.evaluate(() => window.harness.cache.list())).toEqual([]);
  expect((await load(page, hub.url)).error).toBeUndefined();
  const expectedBytes = FILES.reduce((sum, file) => sum + sizeOf(file), 0);
  const listed = await page.evaluate(() => window.harness.cache.list());
  expect(listed).toHaveLength(1);
  expect(listed[0]).toMatchObject({ model: MODEL, revision: 'main', dtype: 'fp32', bytes: expectedBytes, complete: true });
  expect([...listed[0]!.files].sort()).toEqual([...FILES].sort());
  expect(listed[0]!.lastUsedAt).toBeGreaterThan(Date.now() - 120_000);
  expect(await page.evaluate((m) => window.harness.cache.has(m), MODEL)).toBe(true);
  expect(await page.evaluate((m) => window.harness.cache.has(m, { dtype: 'q4f16' }), MODEL)).toBe(false);

  const freed = await page.evaluate((m) => window.harness.cache.delete(m), MODEL);
  expect(freed).toBe(expectedBytes);
  expect(await page.evaluate(() => window.harness.cache.list())).toEqual([]);
  expect(await page.evaluate((m) => window.harness.cache.has(m), MODEL)).toBe(false);
  expect((await storeIsConsistent(page)).files).toEqual({});

  hub.reset();
  expect((await load(page, hub.url)).error).toBeUndefined();
  expect(hub.countFor('onnx/model.onnx')).toBeGreaterThan(0);
  await page.evaluate(() => window.harness.cache.clear());
  expect(await page.evaluate(() => window.harness.cache.list())).toEqual([]);
  expect((await storeIsConsistent(page)).files).toEqual({});
});

test('persistent storage is asked for once, when the first model is stored, and isStoragePersisted() reports it', async ({ harnessPage: page, hub }) => {
  let asked = 0;
  await page.exposeFunction('__persistAsked', () => void asked++);
  // Counts the real calls; the browser still answers them.
  await page.addInitScript(() => {
    const persist = StorageManager.prototype.persist;
    StorageManager.prototype.persist = function (this: StorageManager) {
      void (window as unknown as { __persistAsked(): Promise<void> }).__persistAsked();
      return persist.call(this);
    };
  });
  await page.reload();
  await expect(page.locator('#status')).toHaveText('ready');
  expect(asked).toBe(0);
  expect((await load(page, hub.url)).error).toBeUndefined();
  await expect.poll(() => asked).toBe(1);
  expect((await reloadAndLoad(page, hub)).error).toBeUndefined();
  expect((await reloadAndLoad(page, hub)).error).toBeUndefined();
  expect(asked).toBe(1);
  const reported = await page.evaluate(() => window.harness.cache.persisted());
  expect(reported).toBe(await page.evaluate(() => navigator.storage.persisted()));
});

test('a store the browser evicted is downloaded again, with progress, by the same client', async ({ harnessPage: page, hub, baseURL }) => {
  expect((await load(page, hub.url)).error).toBeUndefined();
  const before = await page.evaluate((prompt) => window.harness.logits(prompt), PROMPT);
  // What the browser does under storage pressure: the origin's IndexedDB is
  // deleted and the open connections (the worker's) are closed under it.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: new URL(baseURL!).origin, storageTypes: 'indexeddb' });
  expect((await storeIsConsistent(page)).files).toEqual({});

  hub.reset();
  const again = await load(page, hub.url);
  expect(again.error).toBeUndefined();
  expect(again.progress.some((p) => p.phase === 'download' && p.total >= ONNX_BYTES)).toBe(true);
  expect(graphDownloads(hub)).toHaveLength(1);
  expect(await page.evaluate((prompt) => window.harness.logits(prompt), PROMPT)).toEqual(before);
  expect((await storeIsConsistent(page)).files['onnx/model.onnx']).toBe(ONNX_BYTES);
});
