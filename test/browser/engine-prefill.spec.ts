/**
 * Long prompts: prefilled in chunks that Stop can interrupt and whose logits
 * bound the memory; after a runtime failure the engine rebuilds its session
 * from the stored files, so the next request works.
 */
import type { FinishEvent } from '../../src/index.js';
import { expect, sharedLoadedPage, test, TINY_MODEL } from './fixtures.js';

/** `n` words of one token each. */
const WORDS = (n: number): string => {
  const vocabulary = [' the', ' cat', ' sat', ' on', ' a', ' warm', ' mat', ' and', ' looked', ' at', ' birds'];
  return Array.from({ length: n }, (_, i) => vocabulary[i % vocabulary.length]).join('');
};

// The standard-op graph, whose logits output covers every position (no
// num_logits_to_keep): what makes the 7,500-token pass below fail.
const loadedPage = sharedLoadedPage({ model: TINY_MODEL, device: 'wasm' });

test('Stop during a long prompt takes effect between prefill chunks', async () => {
  const page = loadedPage();
  const run = await page.evaluate(async (content) => {
    const options = { thinking: false, maxNewTokens: 4, temperature: 0, reuseKvCache: false };
    // The whole prefill first, not stopped: how long it takes.
    let full: FinishEvent | undefined;
    for await (const event of window.harness.client().chat([{ role: 'user', content }], options)) if (event.type === 'finish') full = event;
    const controller = new AbortController();
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = performance.now();
      controller.abort();
    }, 300);
    let finish: FinishEvent | undefined;
    for await (const event of window.harness.client().chat([{ role: 'user', content }], { ...options, signal: controller.signal })) {
      if (event.type === 'finish') finish = event;
    }
    return { finish: finish!, stopMs: performance.now() - abortedAt, fullPrefillMs: full!.timings.timeToFirstTokenMs };
  }, WORDS(2000));
  expect(run.finish.reason).toBe('aborted');
  expect(run.finish.usage.completionTokens).toBe(0);
  // Only the chunks before the Stop were prefilled, and the reply settled within about one chunk.
  expect(run.finish.usage.prefillTokens).toBeLessThan(run.finish.usage.promptTokens);
  expect(run.stopMs).toBeLessThan(run.fullPrefillMs / 2);
  test.info().annotations.push({ type: 'stop', description: `settled ${Math.round(run.stopMs)} ms after Stop; the whole prefill takes ${Math.round(run.fullPrefillMs)} ms` });
});

test('after a runtime failure the engine reloads the model from storage and the next request works', async ({ hub }) => {
  const page = loadedPage();
  // The failing pass computes attention over 7,500 tokens before it fails: seconds on two cores.
  test.setTimeout(240_000);
  const downloads = hub.countFor('onnx/');
  const result = await page.evaluate(async (text) => {
    // One forward pass over 7,500 tokens wants their 7,500 × 151,936 logits
    // (4.6 GB): more than the 4 GiB WASM heap. inspectLogits() is that one pass.
    const failure = await window.harness.logits(text).then(
      () => undefined,
      (error: unknown) => window.harness.describe(error),
    );
    const next = await window.harness.chat([{ role: 'user', content: 'Hi' }], { thinking: false, maxNewTokens: 4, temperature: 0 });
    return { failure, next };
  }, WORDS(7500));
  expect(result.failure).toMatchObject({ code: 'INTERNAL', isQwen3Error: true });
  expect(result.next.error).toBeUndefined();
  expect(result.next.events.at(-1)).toMatchObject({ type: 'finish', reason: 'length', usage: { completionTokens: 4 } });
  // Rebuilt from IndexedDB: nothing downloaded again.
  expect(hub.countFor('onnx/')).toBe(downloads);
});
