/**
 * WebGPU on SwiftShader (the `webgpu` project's flags): capabilities report
 * the software adapter, and the tiny model runs on it, streaming and giving
 * the same logits as WASM. SwiftShader is slow (~1.2 s per token plus shader
 * compilation per input shape): a few tokens only.
 */
import { expect, test, TINY_MODEL } from './fixtures.js';

const GIB = 2 ** 30;

/**
 * Largest |WebGPU − WASM| allowed on a last-position logit. Both backends
 * match an independent reference within ~5e-6 on the tiny model (its RoPE is
 * precomputed tables, so WGSL's imprecise sin/cos play no part); 1e-4 leaves
 * room for summation order and still fails on any real bug (a wrong mask or
 * KV-head mapping moves logits by 1e-2 and more).
 */
const LOGIT_TOLERANCE = 1e-4;

/** Tokenized as is (no template) by `inspectLogits`. */
const PROBE_TEXT = 'The quick brown fox jumps over the lazy dog';

test('detectCapabilities() reports the SwiftShader adapter without shader-f16', async ({ page }) => {
  await page.goto('/test/browser/harness/capabilities.html');
  await expect(page.locator('#status')).toHaveText('ready');
  const result = await page.evaluate(async () => {
    const h = window.capabilitiesHarness;
    const caps = await h.detect();
    return {
      caps,
      auto: h.chooseDevice('auto', caps),
      explicit: h.chooseDevice('webgpu', caps),
      tinyDtype: h.chooseDtype('auto', 'webgpu', caps, 'qwen3-web/Qwen3-Tiny-ONNX'),
      smallDtype: h.chooseDtype('auto', 'webgpu', caps, 'onnx-community/Qwen3-0.6B-ONNX'),
      q4f16: h.chooseDtype('q4f16', 'webgpu', caps, 'onnx-community/Qwen3-0.6B-ONNX'),
    };
  });
  expect(result.caps.webgpuApi).toBe(true);
  expect(result.caps.webgpu).toMatchObject({
    vendor: 'google',
    architecture: 'swiftshader',
    shaderF16: false,
    maxBufferSize: GIB,
  });
  expect(result.caps.webgpu!.features).not.toContain('shader-f16');
  expect(result.caps.webgpu!.maxStorageBufferBindingSize).toBeGreaterThan(0);
  // A software adapter: `auto` prefers WASM, an explicit request is honoured.
  expect(result.auto).toEqual({ value: 'wasm' });
  expect(result.explicit).toEqual({ value: 'webgpu' });
  expect(result.tinyDtype).toEqual({ value: 'fp32' });
  expect(result.smallDtype).toEqual({ value: 'q4' });
  expect(result.q4f16).toMatchObject({ code: 'UNSUPPORTED' });
  test.info().annotations.push({ type: 'adapter', description: JSON.stringify(result.caps.webgpu) });
});

test('the tiny model streams on WebGPU and its logits match WASM', async ({ harnessPage: page, hub }) => {
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await run();
    } finally {
      timings[name] = Date.now() - started;
    }
  };

  // WASM first, as the reference: its logits stay in the page.
  const wasm = await timed('wasm load + logits', () =>
    page.evaluate(
      async ({ host, model, text }) => {
        const load = await window.harness.load({ model, host, device: 'wasm' });
        if (load.error) return { error: load.error };
        const report = await window.harness.client().inspectLogits(text);
        (window as unknown as { wasmLogits: Float32Array }).wasmLogits = report.logits;
        return { loaded: load.loaded, tokens: report.tokens, vocab: report.logits.length };
      },
      { host: hub.url, model: TINY_MODEL, text: PROBE_TEXT },
    ),
  );
  expect(wasm.error).toBeUndefined();
  expect(wasm.loaded).toMatchObject({ device: 'wasm', dtype: 'fp32' });

  // A fresh client (the old worker is terminated) loads the same model on WebGPU.
  const load = await timed('webgpu load', () =>
    page.evaluate(
      ({ host, model }) => {
        window.harness.create();
        return window.harness.load({ model, host, device: 'webgpu' });
      },
      { host: hub.url, model: TINY_MODEL },
    ),
  );
  expect(load.error).toBeUndefined();
  expect(load.loaded).toMatchObject({ model: TINY_MODEL, device: 'webgpu', dtype: 'fp32' });

  const comparison = await timed('webgpu logits', () =>
    page.evaluate(async (text) => {
      const report = await window.harness.client().inspectLogits(text);
      const reference = (window as unknown as { wasmLogits: Float32Array }).wasmLogits;
      let maxDiff = 0;
      let maxAbs = 0;
      let argmaxGpu = 0;
      let argmaxCpu = 0;
      for (let i = 0; i < reference.length; i++) {
        const gpu = report.logits[i]!;
        const cpu = reference[i]!;
        maxDiff = Math.max(maxDiff, Math.abs(gpu - cpu));
        maxAbs = Math.max(maxAbs, Math.abs(cpu));
        if (gpu > report.logits[argmaxGpu]!) argmaxGpu = i;
        if (cpu > reference[argmaxCpu]!) argmaxCpu = i;
      }
      const finite = report.logits.every(Number.isFinite);
      return { tokens: report.tokens, vocab: report.logits.length, maxDiff, maxAbs, argmaxGpu, argmaxCpu, finite };
    }, PROBE_TEXT),
  );
  expect(comparison.tokens).toEqual(wasm.tokens);
  expect(comparison.vocab).toBe(wasm.vocab);
  expect(comparison.finite).toBe(true);
  expect(comparison.argmaxGpu).toBe(comparison.argmaxCpu);
  expect(comparison.maxDiff).toBeLessThan(LOGIT_TOLERANCE);

  const run = await timed('webgpu chat (4 tokens)', () =>
    page.evaluate(() =>
      window.harness.chat([{ role: 'user', content: 'Hi' }], { maxNewTokens: 4, temperature: 0, thinking: false }),
    ),
  );
  expect(run.error).toBeUndefined();
  const finish = run.events.at(-1);
  expect(finish?.type).toBe('finish');
  if (finish?.type !== 'finish') return;
  expect(finish.usage.completionTokens + finish.usage.reasoningTokens).toBeGreaterThan(0);
  expect(finish.usage.completionTokens).toBeLessThanOrEqual(4);
  expect(run.events.filter((event) => event.type === 'text-delta').length).toBeGreaterThan(0);

  // topK 0 (the whole vocabulary) samples on the CPU side of a WebGPU reply.
  // It once spread 151,936 logits into Math.max(), whose RangeError was then
  // taken for a GPU failure: DEVICE_LOST, and the model moved to WASM.
  const all = await timed('webgpu chat, topK 0 (2 tokens)', () =>
    page.evaluate(() =>
      window.harness.chat([{ role: 'user', content: 'Hi' }], { maxNewTokens: 2, temperature: 1, topK: 0, seed: 1, thinking: false, reuseKvCache: false }),
    ),
  );
  expect(all.error).toBeUndefined();
  expect(all.events.at(-1)).toMatchObject({ type: 'finish', usage: { completionTokens: 2 } });
  expect(await page.evaluate(() => window.harness.statusEvents.map((event) => event.type))).not.toContain('device-lost');

  test.info().annotations.push(
    { type: 'max |webgpu − wasm| logit', description: `${comparison.maxDiff.toExponential(2)} (max |logit| ${comparison.maxAbs.toFixed(2)}, tolerance ${LOGIT_TOLERANCE})` },
    { type: 'timings (ms)', description: JSON.stringify(timings) },
  );
});

test('q4f16 on a GPU without shader-f16 is refused before any request, naming what works', async ({ harnessPage: page, hub }) => {
  const result = await page.evaluate(
    (host) => window.harness.load({ model: 'onnx-community/Qwen3-0.6B-ONNX', host, device: 'webgpu', dtype: 'q4f16' }),
    hub.url,
  );
  expect(result.error).toMatchObject({ code: 'UNSUPPORTED', isQwen3Error: true });
  expect(result.error?.message).toMatch(/shader-f16/);
  expect(result.error?.message).toMatch(/q4\b|fp32/);
  expect(hub.requests()).toEqual([]);
});
