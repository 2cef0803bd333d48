/**
 * GPU failure: the device is lost while a reply streams on WebGPU; the engine
 * reports it, reloads the model on WASM from IndexedDB, and the next request
 * works. On the builder-style graph, dtype auto (q4 on a GPU without
 * shader-f16, and again on WASM). (WebGPU runs on SwiftShader here: slow, so
 * replies stay short.)
 */
import { BUILDER_MODEL, expect, test } from './fixtures.js';

test('a GPU device lost during generation → DEVICE_LOST, reload on WASM from the cache, next chat works', async ({ harnessPage: page, hub }) => {
  test.setTimeout(240_000);
  const load = await page.evaluate(({ host, model }) => window.harness.load({ model, host, device: 'webgpu' }), { host: hub.url, model: BUILDER_MODEL });
  expect(load.error).toBeUndefined();
  expect(load.loaded).toMatchObject({ device: 'webgpu', dtype: 'q4' });
  hub.reset();

  const lost = await page.evaluate(() =>
    window.harness.chat([{ role: 'user', content: 'Count to twenty.' }], { thinking: false, maxNewTokens: 12, temperature: 0 }, { loseDeviceAfter: 1 }),
  );
  expect(lost.error, lost.error?.message).toMatchObject({ code: 'DEVICE_LOST', isQwen3Error: true });
  expect(lost.error?.message).toMatch(/WASM/);
  const status = await page.evaluate(() => window.harness.statusEvents.map((event) => event.type));
  expect(status).toEqual(['device-lost', 'recovered']);
  expect(await page.evaluate(() => window.harness.client().loaded)).toMatchObject({ device: 'wasm', dtype: 'q4' });
  // The reload read every file from IndexedDB.
  expect(hub.requests().filter((r) => r.path.includes('/resolve/'))).toEqual([]);

  const next = await page.evaluate(() => window.harness.chat([{ role: 'user', content: 'Hi' }], { thinking: false, maxNewTokens: 4, temperature: 0 }));
  expect(next.error).toBeUndefined();
  expect(next.events.at(-1)).toMatchObject({ type: 'finish', reason: 'length' });
});
