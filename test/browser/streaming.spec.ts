/** The foundation: a builder-style Qwen3 streams a reply from a real worker on WASM. */
import { BUILDER_MODEL, expect, test } from './fixtures.js';

test('loads a builder-style export through the hub with dtype auto (int8, the fastest dtype it ships for WASM), streams a reply on WASM, deterministically', async ({
  harnessPage: page,
  hub,
}) => {
  // The repo declares no dtype and ships fp32, fp16, q4, q4f16, q8 and int8:
  // auto picks from what the hub's API lists, int8 on WASM
  // (DynamicQuantizeLinear + MatMulInteger on signed weights, the graph
  // onnxruntime's quantize_dynamic writes with weight_type=QInt8).
  const load = await page.evaluate(({ host, model }) => window.harness.load({ model, host, device: 'wasm' }), { host: hub.url, model: BUILDER_MODEL });
  expect(load.error).toBeUndefined();
  expect(load.loaded).toMatchObject({ model: BUILDER_MODEL, device: 'wasm', dtype: 'int8', revision: 'main' });
  expect(hub.countFor((record) => Boolean(record.file?.startsWith('onnx/')) && record.file !== 'onnx/model_int8.onnx')).toBe(0);
  // The real download path: every file came from the hub-layout server.
  for (const file of ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_int8.onnx']) {
    // Requested at the commit the hub's API named for `main`.
    expect(hub.countFor((record) => record.path.includes('/resolve/') && record.file === file), file).toBeGreaterThan(0);
  }
  expect(load.progress.length).toBeGreaterThan(0);
  expect(load.progress.at(-1)).toMatchObject({ phase: 'ready', fraction: 1 });

  const run = await page.evaluate(() =>
    window.harness.chat([{ role: 'user', content: 'Write a short poem about the sea.' }], {
      // Long enough (about a second) to span many 16 ms batches and painted frames, however busy the machine.
      maxNewTokens: 400,
      temperature: 0,
      thinking: false,
    }),
  );
  expect(run.error).toBeUndefined();
  const deltas = run.events.filter((event) => event.type === 'text-delta');
  const finish = run.events.at(-1);
  // Streaming, not one final blob: several deltas, then finish last.
  expect(deltas.length).toBeGreaterThan(2);
  expect(finish?.type).toBe('finish');
  if (finish?.type !== 'finish') return;
  expect(finish.reason).toBe('length');
  expect(finish.usage.completionTokens).toBe(400);
  expect(finish.usage.promptTokens).toBeGreaterThan(5);
  expect(finish.timings.timeToFirstTokenMs).toBeGreaterThan(0);
  expect(finish.timings.decodeTokensPerSecond).toBeGreaterThan(0);
  const text = deltas.map((event) => event.text).join('');
  expect(text.length).toBeGreaterThan(10);
  expect(finish.message.content).toEqual([{ type: 'text', text }]);
  // The page kept painting while the worker generated.
  expect(run.frames).toBeGreaterThan(3);

  // Greedy decoding is deterministic across replies that run the same passes.
  // (Not across KV reuse in q8 or int8: DynamicQuantizeLinear scales each pass's
  // activations by that pass's range, so a prompt split differently rounds
  // differently — as every quantize_dynamic export does.)
  const ask = () =>
    page.evaluate(() =>
      window.harness.chat([{ role: 'user', content: 'Hello there' }], { maxNewTokens: 16, temperature: 0, thinking: false, reuseKvCache: false }),
    );
  const first = await ask();
  const second = await ask();
  const textOf = (run: typeof first) => run.events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
  expect(textOf(first).length).toBeGreaterThan(0);
  expect(textOf(second)).toBe(textOf(first));
});
