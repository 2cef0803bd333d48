/**
 * `wasmThreads`: the harness page is cross-origin isolated, so onnxruntime
 * can run WASM on several threads (its worker threads start from the runtime
 * files the SDK hands it as blob URLs). The count is fixed when the worker's
 * runtime starts: a later load asking for another is refused with a typed
 * error, and the loaded model keeps working. `unload()` replaces the worker
 * (a WASM heap never shrinks: only a new worker gives its memory back), so
 * the load after it may ask for any count, and reads the model from
 * IndexedDB. Without a WebGPU adapter, the workers run onnxruntime-web's
 * CPU-only build (its kernels 2–3× faster than the WebGPU build's on WASM).
 */
import type { ChatEvent } from '../../src/index.js';
import { BUILDER_MODEL, expect, test } from './fixtures.js';

test('q8 on two WASM threads streams the same greedy reply as on one; a changed count is refused until unload() replaces the worker', async ({ harnessPage: page, hub }) => {
  // No KV reuse: q8 rounds each pass's activations by that pass's range, so only equal passes give equal tokens.
  const ask = { thinking: false, maxNewTokens: 12, temperature: 0, reuseKvCache: false } as const;
  const reply = (threads: number) =>
    page.evaluate(
      async ({ host, model, threads, ask }) => {
        window.harness.create();
        const isolated = globalThis.crossOriginIsolated;
        const load = await window.harness.load({ model, host, device: 'wasm', dtype: 'q8', wasmThreads: threads, warmUp: false });
        if (load.error) return { isolated, error: load.error };
        const run = await window.harness.chat([{ role: 'user', content: 'Tell me about the sea.' }], ask);
        return { isolated, run };
      },
      { host: hub.url, model: BUILDER_MODEL, threads, ask },
    );
  // Which onnxruntime-web build the workers fetch: WASM loads where WebGPU is not usable get the CPU-only one.
  const runtimeFiles: string[] = [];
  page.context().on('request', (request) => {
    // Fetches only: the dev server also serves each `?url` import as a script naming both builds.
    const path = new URL(request.url()).pathname;
    if (request.resourceType() === 'fetch' && /ort-wasm-simd-threaded[^/]*\.(wasm|mjs)$/.test(path)) runtimeFiles.push(path);
  });
  const one = await reply(1);
  const two = await reply(2);
  expect(runtimeFiles.some((path) => /ort-wasm-simd-threaded\.wasm$/.test(path))).toBe(true);
  expect(runtimeFiles.filter((path) => path.includes('asyncify'))).toEqual([]);
  expect(two.isolated).toBe(true);
  expect(one.error).toBeUndefined();
  expect(two.error).toBeUndefined();
  const text = (run: { events: ChatEvent[] } | undefined) => (run?.events ?? []).flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
  expect(text(two.run).length).toBeGreaterThan(0);
  // Threads split the work, not the arithmetic's result: the same greedy tokens.
  expect(text(two.run)).toBe(text(one.run));

  // The runtime of this worker started with two threads: one cannot be asked for now.
  const changed = await page.evaluate(
    ({ host, model }) => window.harness.load({ model, host, device: 'wasm', dtype: 'q8', wasmThreads: 1, warmUp: false }),
    { host: hub.url, model: BUILDER_MODEL },
  );
  expect(changed.error).toMatchObject({ code: 'INVALID_ARGUMENT', isQwen3Error: true });
  expect(changed.error?.message).toMatch(/2 WASM threads/);
  const after = await page.evaluate((ask) => window.harness.chat([{ role: 'user', content: 'Tell me about the sea.' }], ask), ask);
  expect(after.error).toBeUndefined();
  expect(text(after)).toBe(text(one.run));

  // unload(): the worker that ran two threads closes, with its heap; a fresh one takes one thread.
  const engineWorkers = () => page.workers().filter((worker) => worker.url().includes('/src/worker/entry.ts'));
  expect(engineWorkers()).toHaveLength(1);
  const old = engineWorkers()[0]!;
  const closed = new Promise<boolean>((resolve) => old.once('close', () => resolve(true)));
  await page.evaluate(() => window.harness.client().unload());
  expect(await closed).toBe(true);
  expect(engineWorkers()).toHaveLength(1);
  expect(engineWorkers()[0]).not.toBe(old);
  hub.reset();
  const reloaded = await page.evaluate(
    async ({ host, model, ask }) => {
      const load = await window.harness.load({ model, host, device: 'wasm', dtype: 'q8', wasmThreads: 1, warmUp: false });
      if (load.error) return { error: load.error };
      return { run: await window.harness.chat([{ role: 'user', content: 'Tell me about the sea.' }], ask) };
    },
    { host: hub.url, model: BUILDER_MODEL, ask },
  );
  expect(reloaded.error).toBeUndefined();
  expect(text(reloaded.run)).toBe(text(one.run));
  // From IndexedDB: the weights were not downloaded again.
  expect(hub.requests().filter((r) => r.path.endsWith('.onnx') && r.method === 'GET')).toEqual([]);
});
