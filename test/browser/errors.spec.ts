/** Every bad input gives a typed Qwen3Error, and the client stays usable. */
import { BUILDER_MODEL, expect, test } from './fixtures.js';

test('chat() before load() → NOT_LOADED', async ({ harnessPage: page }) => {
  const run = await page.evaluate(() => window.harness.chat([{ role: 'user', content: 'Hi' }]));
  expect(run.error).toMatchObject({ code: 'NOT_LOADED', isQwen3Error: true });
  expect(run.error?.message).toMatch(/load\(\)/);
});

test('bad inputs → typed errors (those born in the worker keep code and details), then the same client loads and chats', async ({ harnessPage: page, hub }) => {
  const unknownModel = await page.evaluate((host) => window.harness.load({ model: 'nobody/Qwen3-Missing-ONNX', host }), hub.url);
  expect(unknownModel.error).toMatchObject({ code: 'MODEL_NOT_FOUND', isQwen3Error: true });
  expect(unknownModel.error?.message).toContain('nobody/Qwen3-Missing-ONNX');

  const badId = await page.evaluate(() => window.harness.load({ model: 'not a model id' }));
  expect(badId.error).toMatchObject({ code: 'INVALID_ARGUMENT' });

  // Nothing listens on port 9 (discard): the host is unreachable.
  const unreachable = await page.evaluate(() => window.harness.load({ model: 'qwen3-web/Qwen3-Tiny-ONNX', host: 'http://127.0.0.1:9' }));
  expect(unreachable.error).toMatchObject({ code: 'NETWORK', isQwen3Error: true });

  const serverError = await (async () => {
    hub.addFault({ match: 'config.json', kind: 'status', status: 500, times: 1 });
    return page.evaluate((host) => window.harness.load({ model: 'qwen3-web/Qwen3-Tiny-ONNX', host }), hub.url);
  })();
  expect(serverError.error).toMatchObject({ code: 'NETWORK' });

  const loaded = await page.evaluate((host) => window.harness.load({ model: 'qwen3-web/Qwen3-Tiny-ONNX', host, device: 'wasm' }), hub.url);
  expect(loaded.error).toBeUndefined();

  const empty = await page.evaluate(() => window.harness.chat([]));
  expect(empty.error).toMatchObject({ code: 'INVALID_ARGUMENT' });
  const blank = await page.evaluate(() => window.harness.chat([{ role: 'user', content: '   ' }]));
  expect(blank.error).toMatchObject({ code: 'INVALID_ARGUMENT' });
  const badRole = await page.evaluate(() =>
    window.harness.chat([{ role: 'wizard', content: 'Hi' } as unknown as { role: 'user'; content: string }]),
  );
  expect(badRole.error).toMatchObject({ code: 'INVALID_ARGUMENT' });
  expect(badRole.error?.message).toContain('wizard');
  const badOption = await page.evaluate(() => window.harness.chat([{ role: 'user', content: 'Hi' }], { maxNewTokens: -3 }));
  expect(badOption.error).toMatchObject({ code: 'INVALID_ARGUMENT' });
  // Only the worker can count tokens, so this error is born there and keeps its code and details across the boundary.
  const oversize = await page.evaluate(() => window.harness.chat([{ role: 'user', content: 'word '.repeat(45_000) }], { maxNewTokens: 4 }));
  expect(oversize.error).toMatchObject({ code: 'CONTEXT_OVERFLOW', isQwen3Error: true, details: { contextLength: 40960 } });

  const ok = await page.evaluate(() =>
    window.harness.chat([{ role: 'user', content: 'Hi' }], { maxNewTokens: 8, temperature: 0, thinking: false }),
  );
  expect(ok.error).toBeUndefined();
  expect(ok.events.at(-1)?.type).toBe('finish');
});

test('a device or dtype that cannot work is refused before any download, saying what would', async ({ harnessPage: page, hub }) => {
  // This browser runs without WebGPU flags: no adapter.
  const webgpu = await page.evaluate((host) => window.harness.load({ model: 'qwen3-web/Qwen3-Tiny-ONNX', host, device: 'webgpu' }), hub.url);
  expect(webgpu.error).toMatchObject({ code: 'WEBGPU_UNAVAILABLE', isQwen3Error: true });
  expect(webgpu.error?.message).toMatch(/wasm/i);
  // The test model ships fp32 only.
  const q4 = await page.evaluate((host) => window.harness.load({ model: 'qwen3-web/Qwen3-Tiny-ONNX', host, device: 'wasm', dtype: 'q4' }), hub.url);
  expect(q4.error).toMatchObject({ code: 'UNSUPPORTED', isQwen3Error: true });
  expect(q4.error?.message).toMatch(/fp32/);
  // An export the registry does not know: what it ships comes from the hub's API listing.
  const bnb4 = await page.evaluate(({ host, model }) => window.harness.load({ model, host, device: 'wasm', dtype: 'bnb4' }), { host: hub.url, model: BUILDER_MODEL });
  expect(bnb4.error).toMatchObject({ code: 'UNSUPPORTED', isQwen3Error: true });
  expect(bnb4.error?.message).toMatch(/"q8"/);
  expect(hub.countFor('onnx/')).toBe(0);
  const ok = await page.evaluate((host) => window.harness.load({ model: 'qwen3-web/Qwen3-Tiny-ONNX', host, device: 'wasm' }), hub.url);
  expect(ok.error).toBeUndefined();
});
