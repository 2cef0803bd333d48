/**
 * The graph style users really load: the onnxruntime-genai builder's export
 * (GroupQueryAttention, RotaryEmbedding, SimplifiedLayerNormalization,
 * MatMulNBits, fp16 inputs, outputs and KV cache, external data in two
 * chunks), on WASM in fp32, q4 and q4f16, through the hub's redirects. The
 * generator picks weights that 4-bit blocks and fp16 hold exactly, so every
 * dtype computes the fp32 model's function.
 */
import type { Page } from '@playwright/test';
import { BUILDER_MODEL, BUILDER_NO_KEEP_MODEL, expect, test } from './fixtures.js';

const PROMPT = 'The quick brown fox';
/** fp16 activations move logits (largest ~8) by ~1e-2 against fp32; 5e-2 still catches a wrong mask, rotary or KV-head mapping. */
const FP16_TOLERANCE = 5e-2;

const load = (page: Page, host: string, dtype: string, model = BUILDER_MODEL) =>
  page.evaluate(({ host, model, dtype }) => window.harness.load({ model, host, device: 'wasm', dtype: dtype as 'q4' }), { host, model, dtype });
const logits = (page: Page) => page.evaluate((prompt) => window.harness.logits(prompt), PROMPT);
const maxDifference = (a: number[], b: number[]) => a.reduce((max, value, i) => Math.max(max, Math.abs(value - b[i]!)), 0);
/** Three turns of one conversation, greedy, the answers only. */
const conversation = (page: Page, reuseKvCache: boolean) =>
  page.evaluate(async (reuseKvCache) => {
    const messages: Array<{ role: 'user' | 'assistant'; content: string }> = [];
    const replies: string[] = [];
    const prefill: number[] = [];
    for (const question of ['Hello there', 'Tell me more', 'And then?']) {
      messages.push({ role: 'user', content: question });
      const run = await window.harness.chat(messages, { thinking: false, maxNewTokens: 8, temperature: 0, reuseKvCache });
      if (run.error) throw new Error(run.error.message);
      const text = run.events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
      const finish = run.events.find((e) => e.type === 'finish');
      prefill.push(finish?.type === 'finish' ? finish.usage.prefillTokens : -1);
      replies.push(text);
      messages.push({ role: 'assistant', content: text });
    }
    return { replies, prefill };
  }, reuseKvCache);

test('fp32, q4 and q4f16 (two external-data chunks, fp16 KV cache) load through the hub and compute the same function on WASM', async ({
  harnessPage: page,
  hub,
}) => {
  const reference = await (async () => {
    const fp32 = await load(page, hub.url, 'fp32');
    expect(fp32.error).toBeUndefined();
    // float32 activations on WASM: attention runs as MatMul and Softmax (checked against WebGPU's kernel in builder-graph.webgpu.spec.ts).
    expect(fp32.loaded!.graphRewrites).toEqual(['attention-as-matmul', 'kv-cache-in-place']);
    return logits(page);
  })();
  expect(reference.every(Number.isFinite)).toBe(true);

  const q4 = await load(page, hub.url, 'q4');
  expect(q4.error).toBeUndefined();
  expect(q4.loaded).toMatchObject({ dtype: 'q4', device: 'wasm' });
  expect(maxDifference(await logits(page), reference)).toBeLessThan(1e-4);

  const q4f16 = await load(page, hub.url, 'q4f16');
  expect(q4f16.error).toBeUndefined();
  // fp16 activations keep the GroupQueryAttention kernel.
  expect(q4f16.loaded).toMatchObject({ dtype: 'q4f16', device: 'wasm', graphRewrites: [] });
  expect(maxDifference(await logits(page), reference)).toBeLessThan(FP16_TOLERANCE);
  // Both external-data chunks came from the CDN, were checked against the API's SHA-256, and are stored.
  for (const chunk of ['onnx/model_q4f16.onnx_data', 'onnx/model_q4f16.onnx_data_1']) {
    expect(hub.requests().filter((r) => r.origin === 'cdn' && r.file === chunk && r.method === 'GET').map((r) => r.status)).toEqual([200]);
  }
  const cached = await page.evaluate(() => window.harness.cache.list());
  const entry = cached.find((m) => m.dtype === 'q4f16')!;
  expect(entry.complete).toBe(true);
  expect(entry.checkedBy).toMatchObject({ 'onnx/model_q4f16.onnx_data': 'sha256', 'onnx/model_q4f16.onnx_data_1': 'sha256' });
});

test('q4f16 on WASM: a conversation reusing its fp16 KV cache answers exactly as one without reuse, with far less prefill', async ({
  harnessPage: page,
  hub,
}) => {
  expect((await load(page, hub.url, 'q4f16')).error).toBeUndefined();
  const fresh = await conversation(page, false);
  const reused = await conversation(page, true);
  expect(reused.replies).toEqual(fresh.replies);
  expect(fresh.replies.every((reply) => reply.length > 0)).toBe(true);
  // From the second turn on, only the new message (and the template around it) is prefilled.
  for (const turn of [1, 2]) expect(reused.prefill[turn]!).toBeLessThan(fresh.prefill[turn]! / 2);
});

test('a graph without num_logits_to_keep runs its lm_head on the last position only: q8 gives the logits and reply of the graph that has the input', async ({
  harnessPage: page,
  hub,
}) => {
  // q8 makes the slice visible: DynamicQuantizeLinear scales the lm_head's
  // input by its range, which over every position is not the last one's, so
  // only a graph sliced before the head matches num_logits_to_keep = 1 bit for bit.
  const ask = { thinking: false, maxNewTokens: 8, temperature: 0, reuseKvCache: false } as const;
  const reply = () =>
    page.evaluate(async (ask) => {
      const run = await window.harness.chat([{ role: 'user', content: 'Tell me about the sea.' }], ask);
      return run.events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
    }, ask);
  const keep = await load(page, hub.url, 'q8');
  expect(keep.error).toBeUndefined();
  expect(keep.loaded!.graphRewrites).toEqual(['attention-as-matmul', 'kv-cache-in-place']);
  const kept = { logits: await logits(page), reply: await reply() };
  // int8 (model_int8.onnx: signed weights, zero point 0) holds the same values as q8's uint8 ones.
  const int8 = await load(page, hub.url, 'int8');
  expect(int8.error).toBeUndefined();
  expect(int8.loaded).toMatchObject({ dtype: 'int8', device: 'wasm', graphRewrites: ['attention-as-matmul', 'kv-cache-in-place'] });
  expect(maxDifference(await logits(page), kept.logits)).toBeLessThan(1e-5);
  const noKeep = await load(page, hub.url, 'q8', BUILDER_NO_KEEP_MODEL);
  expect(noKeep.error).toBeUndefined();
  expect(noKeep.loaded).toMatchObject({ model: BUILDER_NO_KEEP_MODEL, dtype: 'q8', device: 'wasm', graphRewrites: ['attention-as-matmul', 'kv-cache-in-place', 'last-position-logits'] });
  // Bit for bit (a failing toEqual over 151,936 numbers would take minutes to print its diff).
  expect(maxDifference(await logits(page), kept.logits)).toBe(0);
  expect(await reply()).toBe(kept.reply);
  expect(kept.reply.length).toBeGreaterThan(0);
});
