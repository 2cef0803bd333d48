/**
 * GPU memory stays flat over a long conversation on WebGPU. The engine's
 * worker counts its live GPU buffer bytes (test/browser/harness/
 * gpu-buffer-counter.ts); 20 thinking turns and a regenerate each cut the KV
 * cache back to the prefix the next prompt shares (the template drops the
 * reasoning), and the bytes alive between turns must grow no faster than the
 * KV cache the conversation legitimately holds. onnxruntime pools the buffers
 * it frees in size buckets, so live bytes step up while the cache enters
 * larger buckets and then stay flat: the check is on the last five turns.
 * The regenerate, which prefills only the tokens after the cut, must see the
 * logits a full prefill of the same prompt sees (the worker records each
 * forward pass's last logits: gpu-logits-recorder.ts).
 */
import type { ChatMessage, FinishEvent } from '../../src/index.js';
import type { GpuBufferCounts } from './harness/gpu-counts-protocol.js';
import { BUILDER_MODEL, expect, test } from './fixtures.js';

const TURNS = 20;
/** Few tokens per turn: SwiftShader takes about a second per decode step. */
const REPLY = { thinking: true, maxNewTokens: 1, temperature: 0 } as const;
/** The tiny model's KV cache per token: 2 layers × (key + value) × 2 KV heads × head_dim 32 × 4 bytes (fp32 in q4). */
const KV_BYTES_PER_TOKEN = 2 * 2 * 2 * 32 * 4;
/** As between WebGPU and WASM (webgpu.webgpu.spec.ts): different summation orders, the same function. */
const LOGIT_TOLERANCE = 1e-4;

interface Sample {
  turn: string;
  promptTokens: number;
  liveBytes: number;
  liveBuffers: number;
}

test('live GPU bytes stay flat over 20 thinking turns and a regenerate', async ({ page, hub }) => {
  // Two forward passes a turn (the reply, then the idle prefill of the next
  // turn's history) at about a second each on SwiftShader, far more when
  // other tests share the two cores: slow, not stuck.
  test.setTimeout(900_000);
  hub.reset();
  await page.goto('/test/browser/harness/gpu-memory.html');
  await expect(page.locator('#status')).toHaveText('ready');
  const loaded = await page.evaluate(
    ({ host, model }) => window.gpuMemory.load({ model, host, device: 'webgpu', dtype: 'q4', warmUp: false }),
    { host: hub.url, model: BUILDER_MODEL },
  );
  expect(loaded).toMatchObject({ device: 'webgpu', dtype: 'q4' });

  const messages: ChatMessage[] = [];
  const samples: Sample[] = [];
  const turn = async (label: string): Promise<FinishEvent> => {
    const { finish, counts } = await page.evaluate(
      async ({ messages, options }) => {
        const finish = await window.gpuMemory.reply(messages, options);
        await window.gpuMemory.settle();
        return { finish, counts: await window.gpuMemory.counts() };
      },
      { messages, options: REPLY },
    );
    samples.push({ turn: label, promptTokens: finish.usage.promptTokens, ...pick(counts) });
    return finish;
  };

  for (let i = 1; i <= TURNS; i++) {
    messages.push({ role: 'user', content: `Question ${i}: what comes after ${i}?` });
    const finish = await turn(String(i));
    // The token is reasoning, which the next prompt drops: the cache is cut every turn.
    expect(finish.usage.reasoningTokens).toBeGreaterThan(0);
    messages.push(finish.message);
  }
  // Regenerate the last reply: the prompt parts from the cache where that reply began.
  messages.pop();
  await page.evaluate(() => window.gpuMemory.clearPasses());
  const regenerate = await turn('regenerate');
  const reused = await page.evaluate((total) => window.gpuMemory.passEndingAt(total), regenerate.usage.promptTokens);
  // The regenerate reused the cache, cut back to where the last reply began.
  expect(regenerate.usage.prefillTokens).toBeLessThan(regenerate.usage.promptTokens);
  expect(regenerate.usage.prefillTokens).toBeGreaterThan(0);
  // The pass that predicted the reply's first token was fed only the tokens after the cut.
  expect(reused?.inputTokens).toBeLessThanOrEqual(regenerate.usage.prefillTokens);

  await test.info().attach('live GPU bytes per turn', { body: JSON.stringify(samples, null, 2), contentType: 'application/json' });
  const at = (label: string): Sample => samples.find((sample) => sample.turn === label)!;
  const [fifteenth, last, regenerated] = [at('15'), at(String(TURNS)), at('regenerate')];
  // What the last five turns may legitimately add: their longer KV cache,
  // twice over (onnxruntime rounds its buffers up to size buckets), plus one
  // of its 512 KiB bucket steps. Measured here: +128 KiB with the fix; the
  // leak it guards against (the whole cache on every turn) added 2.6 MiB.
  const allowed = 2 * KV_BYTES_PER_TOKEN * (last.promptTokens - fifteenth.promptTokens + REPLY.maxNewTokens) + 512 * 1024;
  test.info().annotations.push({
    type: 'live GPU bytes: turn 15 → turn 20 → regenerate',
    description: `${fifteenth.liveBytes} → ${last.liveBytes} → ${regenerated.liveBytes} (allowed growth ${allowed})`,
  });
  expect(last.liveBytes - fifteenth.liveBytes).toBeLessThanOrEqual(allowed);
  expect(regenerated.liveBytes - fifteenth.liveBytes).toBeLessThanOrEqual(allowed);

  // The same prompt after a fresh load: no cache, the whole prompt prefilled (in chunks).
  const full = await page.evaluate(
    async ({ host, model, messages, options }) => {
      await window.gpuMemory.unload();
      await window.gpuMemory.load({ model, host, device: 'webgpu', dtype: 'q4', warmUp: false });
      await window.gpuMemory.clearPasses();
      const finish = await window.gpuMemory.reply(messages, options);
      return { finish, pass: await window.gpuMemory.passEndingAt(finish.usage.promptTokens) };
    },
    { host: hub.url, model: BUILDER_MODEL, messages, options: REPLY },
  );
  expect(full.finish.usage.prefillTokens).toBe(regenerate.usage.promptTokens);
  expect(full.pass).toBeDefined();
  const difference = full.pass!.logits.reduce((max, value, i) => Math.max(max, Math.abs(value - reused!.logits[i]!)), 0);
  test.info().annotations.push({
    type: 'max |cut cache − full prefill| logit of the regenerate',
    description: `${difference.toExponential(2)} (argmax ${argmax(reused!.logits)} vs ${argmax(full.pass!.logits)})`,
  });
  expect(difference).toBeLessThan(LOGIT_TOLERANCE);
});

function argmax(values: number[]): number {
  return values.reduce((best, value, i) => (value > values[best]! ? i : best), 0);
}

function pick(counts: GpuBufferCounts): Pick<Sample, 'liveBytes' | 'liveBuffers'> {
  return { liveBytes: counts.liveBytes, liveBuffers: counts.liveBuffers };
}
