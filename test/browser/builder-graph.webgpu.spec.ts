/**
 * The builder-style graph on WebGPU (SwiftShader: no `shader-f16`): q4
 * (MatMulNBits, GroupQueryAttention, RotaryEmbedding, a KV cache kept on the
 * GPU) gives WASM's logits; fp16 and q4f16, which SwiftShader would run into
 * all-zero logits without an error, are refused before any weight is
 * downloaded, naming the missing feature. A few tokens only: SwiftShader is slow.
 */
import { BUILDER_MODEL, expect, test } from './fixtures.js';

/**
 * 60 tokens: onnxruntime-web's WebGPU kernels compute passes of 32 or more
 * new tokens wrongly (off by 3+; see WEBGPU_MAX_PASS_TOKENS in
 * src/engine/prefill.ts), so the engine feeds WebGPU at most 31 a pass. A
 * 9-token prompt passed here before that bound existed, and hid the fault.
 */
const PROMPT = 'The quick brown fox jumps over the lazy dog. '.repeat(6).trim();
/** As in webgpu.webgpu.spec.ts: both backends match the reference within ~5e-6. */
const LOGIT_TOLERANCE = 1e-4;

test('q4 on WebGPU matches WASM on a 60-token prompt, and streams with its cache on the GPU', async ({ harnessPage: page, hub }) => {
  // Shader compilation for each new input shape dominates on SwiftShader.
  test.setTimeout(300_000);
  const wasm = await page.evaluate(
    async ({ host, model, prompt }) => {
      const load = await window.harness.load({ model, host, device: 'wasm', dtype: 'q4', warmUp: false });
      if (load.error) return { error: load.error };
      return { loaded: load.loaded, logits: await window.harness.logits(prompt) };
    },
    { host: hub.url, model: BUILDER_MODEL, prompt: PROMPT },
  );
  expect(wasm.error).toBeUndefined();
  // WASM runs attention as MatMul and Softmax, WebGPU runs the GroupQueryAttention kernel: the comparison below checks one against the other.
  expect(wasm.loaded!.graphRewrites).toEqual(['attention-as-matmul', 'kv-cache-in-place']);

  const gpu = await page.evaluate(
    async ({ host, model, prompt }) => {
      window.harness.create();
      const load = await window.harness.load({ model, host, device: 'webgpu', dtype: 'q4', warmUp: false });
      if (load.error) return { error: load.error };
      const logits = await window.harness.logits(prompt);
      const run = await window.harness.chat([{ role: 'user', content: 'Hi' }], { maxNewTokens: 2, temperature: 0, thinking: false });
      return { loaded: load.loaded, logits, run };
    },
    { host: hub.url, model: BUILDER_MODEL, prompt: PROMPT },
  );
  expect(gpu.error).toBeUndefined();
  expect(gpu.loaded).toMatchObject({ device: 'webgpu', dtype: 'q4', graphRewrites: [] });
  const difference = gpu.logits!.reduce((max, value, i) => Math.max(max, Math.abs(value - wasm.logits![i]!)), 0);
  test.info().annotations.push({ type: 'max |webgpu − wasm| logit (builder q4)', description: difference.toExponential(2) });
  expect(difference).toBeLessThan(LOGIT_TOLERANCE);
  expect(gpu.run!.error).toBeUndefined();
  expect(gpu.run!.events.at(-1)).toMatchObject({ type: 'finish' });
  expect(gpu.run!.events.some((event) => event.type === 'text-delta')).toBe(true);
});

for (const dtype of ['fp16', 'q4f16'] as const) {
  test(`${dtype} on WebGPU without shader-f16 is refused before any weight is downloaded`, async ({ harnessPage: page, hub }) => {
    const result = await page.evaluate(
      ({ host, model, dtype }) => window.harness.load({ model, host, device: 'webgpu', dtype }),
      { host: hub.url, model: BUILDER_MODEL, dtype },
    );
    expect(result.error).toMatchObject({ code: 'UNSUPPORTED', isQwen3Error: true });
    expect(result.error?.message).toMatch(/shader-f16/);
    expect(hub.requests().filter((r) => r.file?.startsWith('onnx/'))).toEqual([]);
  });
}
