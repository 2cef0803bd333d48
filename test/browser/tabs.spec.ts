/**
 * Several tabs of one origin share one download: a Web Lock per file lets one
 * context download it while the others wait and then read it from IndexedDB,
 * and a tab closed mid-download hands its file to the next one, which
 * resumes from what was stored.
 */
import { statSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test, TINY_MODEL } from './fixtures.js';
import { storeIsConsistent } from './store-internals.js';

const MODEL_DIR = `models/${TINY_MODEL}`;
const FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];
const sizeOf = (file: string) => statSync(`${MODEL_DIR}/${file}`).size;
const MODEL_BYTES = FILES.reduce((sum, file) => sum + sizeOf(file), 0);
const ONNX_BYTES = sizeOf('onnx/model.onnx');

async function openTab(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/test/browser/harness/index.html');
  await expect(page.locator('#status')).toHaveText('ready');
  return page;
}
const startLoad = (page: Page, host: string) =>
  page.evaluate(({ host, model }) => window.harness.startLoad({ model, host, device: 'wasm' }), { host, model: TINY_MODEL });
const finishLoad = (page: Page) => page.evaluate(() => window.harness.finishLoad());

test('two tabs loading one uncached model download it once; a third loads with no file request', async ({ context, hub }) => {
  hub.reset();
  hub.clearFaults();
  // About 3 s for the graph, so both tabs are loading at once.
  hub.addFault({ match: /onnx\/model\.onnx$/, kind: 'throttle', bytesPerSecond: Math.ceil(ONNX_BYTES / 3) });
  const [first, second] = [await openTab(context), await openTab(context)];
  await Promise.all([startLoad(first, hub.url), startLoad(second, hub.url)]);
  const [a, b] = await Promise.all([finishLoad(first), finishLoad(second)]);
  expect(a.error).toBeUndefined();
  expect(b.error).toBeUndefined();

  const served = hub.bytesServed((r) => r.file !== undefined && FILES.includes(r.file));
  const ratio = served / MODEL_BYTES;
  test.info().annotations.push({ type: 'bytes served / model bytes, two tabs at once', description: ratio.toFixed(3) });
  console.log(`two tabs at once: the hub sent ${served} bytes for a ${MODEL_BYTES}-byte model (${ratio.toFixed(3)}×)`);
  expect(ratio).toBeGreaterThanOrEqual(1);
  expect(ratio).toBeLessThan(1.01);

  hub.clearFaults();
  hub.reset();
  const third = await openTab(context);
  await startLoad(third, hub.url);
  expect((await finishLoad(third)).error).toBeUndefined();
  // Only the one small request that checks which commit main is.
  expect(hub.requests().filter((r) => r.origin !== 'api')).toEqual([]);
  expect(hub.requests().filter((r) => r.origin === 'api')).toHaveLength(1);
  const state = await storeIsConsistent(third);
  expect(state.consistent).toBe(true);
  expect(state.chunkBytes).toBe(MODEL_BYTES);
});

test('a tab closed mid-download releases its file; the next tab resumes from what was stored', async ({ context, hub }) => {
  hub.reset();
  hub.clearFaults();
  hub.addFault({ match: /onnx\/model\.onnx$/, kind: 'throttle', bytesPerSecond: Math.ceil(ONNX_BYTES / 8), times: 1 });
  const closing = await openTab(context);
  await startLoad(closing, hub.url);
  await expect.poll(async () => (await storeIsConsistent(closing)).files['onnx/model.onnx'] ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
  await closing.close();

  const next = await openTab(context);
  const stored = (await storeIsConsistent(next)).files['onnx/model.onnx'] ?? 0;
  expect(stored).toBeGreaterThan(0);
  expect(stored).toBeLessThan(ONNX_BYTES);
  hub.reset();
  await startLoad(next, hub.url);
  expect((await finishLoad(next)).error).toBeUndefined();
  const graph = hub.requests().filter((r) => r.origin === 'cdn' && r.file === 'onnx/model.onnx' && r.method === 'GET' && r.range !== 'bytes=0-0');
  expect(graph).toHaveLength(1);
  expect(Number(/^bytes=(\d+)-$/.exec(graph[0]!.range ?? '')?.[1])).toBeGreaterThanOrEqual(stored);
  const state = await storeIsConsistent(next);
  expect(state.consistent).toBe(true);
  expect(state.chunkBytes).toBe(MODEL_BYTES);
});
