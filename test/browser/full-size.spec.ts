/**
 * The multi-hundred-megabyte path on every run: a builder-style Qwen3 of
 * Qwen3-0.6B's width (see ./full-size-model.ts for the shape and why) whose
 * q4 weights sit in two external-data chunks is downloaded through the hub's
 * redirects into IndexedDB, checked, stored and decoded on WASM. The tiny
 * fixtures never reach the sizes where chunked storage, streamed hashing and
 * the worker's memory start to matter.
 */
import { expect, test } from './fixtures.js';
import { FULL_SIZE_MODEL, ensureFullSizeModel } from './full-size-model.js';

/** Records the time since the previous call as a test annotation. */
function phaseTimer(): (name: string) => void {
  let last = performance.now();
  return (name) => {
    const now = performance.now();
    const description = `${name}: ${((now - last) / 1000).toFixed(1)} s`;
    test.info().annotations.push({ type: 'phase', description });
    console.log(`full-size phase ${description}`);
    last = now;
  };
}

/** Generation (first run only), a 0.16 GB download into IndexedDB and a few tokens, on 2 cores shared with other work. */
test.setTimeout(240_000);

test('a 170 MB builder-style q4 model of Qwen3-0.6B width in two external-data chunks loads through the hub into IndexedDB and decodes on WASM', async ({
  harnessPage: page,
  hub,
}) => {
  // Phase times go into the report as annotations (never asserted): CI's time budget is tight.
  const phase = phaseTimer();
  const model = await ensureFullSizeModel();
  phase(model.generated ? 'generate' : 'generate (up to date)');
  const onnxFiles = Object.keys(model.files).filter((file) => file.startsWith('onnx/'));
  expect(onnxFiles.sort()).toEqual(['onnx/model_q4.onnx', 'onnx/model_q4.onnx_data', 'onnx/model_q4.onnx_data_1']);
  // Both chunks are large: the weights really live outside the graph.
  for (const chunk of ['onnx/model_q4.onnx_data', 'onnx/model_q4.onnx_data_1']) expect(model.files[chunk]!).toBeGreaterThan(50e6);

  const load = await page.evaluate(
    ({ host, model }) => window.harness.load({ model, host, device: 'wasm', dtype: 'q4', warmUp: false }),
    { host: hub.url, model: FULL_SIZE_MODEL },
  );
  phase('cold load');
  expect(load.error).toBeUndefined();
  expect(load.loaded).toMatchObject({ dtype: 'q4', device: 'wasm' });

  // Each chunk came once from the CDN origin after the hub's 302, in full.
  for (const chunk of ['onnx/model_q4.onnx_data', 'onnx/model_q4.onnx_data_1']) {
    const gets = hub.requests().filter((r) => r.origin === 'cdn' && r.file === chunk && r.method === 'GET');
    expect(gets.map((r) => r.status)).toEqual([200]);
    expect(gets[0]!.bytesSent).toBe(model.files[chunk]);
  }
  // Stored complete, every large file checked against the hub's SHA-256, byte for byte the generated sizes.
  const entry = (await page.evaluate(() => window.harness.cache.list())).find((m) => m.model === FULL_SIZE_MODEL && m.dtype === 'q4')!;
  expect(entry.complete).toBe(true);
  expect(entry.checkedBy).toMatchObject({ 'onnx/model_q4.onnx_data': 'sha256', 'onnx/model_q4.onnx_data_1': 'sha256' });
  const expectedBytes = entry.files.reduce((sum, file) => sum + (model.files[file] ?? Number.NaN), 0);
  expect(entry.bytes).toBe(expectedBytes);

  const run = await page.evaluate(() =>
    window.harness.chat([{ role: 'user', content: 'Hello there' }], { thinking: false, maxNewTokens: 2, temperature: 0 }),
  );
  phase('2-token reply');
  expect(run.error).toBeUndefined();
  const finish = run.events.find((e) => e.type === 'finish');
  expect(finish?.type === 'finish' && finish.usage.completionTokens).toBeGreaterThanOrEqual(1);
});
