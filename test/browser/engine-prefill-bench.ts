/**
 * Measures what chunked prefill costs: a 2,000-token prompt prefilled by the
 * engine in 256-token chunks (a chat reply of one token) against the same
 * tokens in one forward pass (`inspectLogits`), on the tiny model, WASM, in
 * headless Chromium. Alternates the two, several rounds, and prints medians.
 * Not part of `npm test`: run it with `npx tsx test/browser/engine-prefill-bench.ts`.
 */
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { createHubServer } from '../../scripts/hub-server/index.js';
import { ensureTinyModel } from '../../scripts/tiny-model/index.js';
import { chromiumArgs } from '../../playwright.config.js';

const PORT = Number(process.env.QWEN3_BENCH_PORT ?? 5231);
const ROUNDS = Number(process.env.QWEN3_BENCH_ROUNDS ?? 5);
const PROMPT_TOKENS = 2000;

await ensureTinyModel();
process.env.QWEN3_TEST_SERVER = '1';
const vite = await createServer({ server: { port: PORT, strictPort: true }, logLevel: 'error' });
await vite.listen();
const hub = await createHubServer({ root: 'models' });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
try {
  const page = await browser.newPage();
  await page.goto(`http://localhost:${PORT}/test/browser/harness/index.html`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  const figures = await page.evaluate(
    async ({ host, rounds, promptTokens }) => {
      const load = await window.harness.load({ model: 'qwen3-web/Qwen3-Tiny-ONNX', host, device: 'wasm', warmUp: false });
      if (load.error) throw new Error(load.error.message);
      const client = window.harness.client();
      // Each of these words is one token in Qwen3's tokenizer; the chat template adds a few.
      const vocabulary = [' the', ' cat', ' sat', ' on', ' a', ' warm', ' mat', ' and', ' looked', ' at', ' birds'];
      const words = Array.from({ length: promptTokens }, (_, i) => vocabulary[i % vocabulary.length]).join('');
      const chunked: number[] = [];
      const single: number[] = [];
      let tokens = 0;
      for (let round = 0; round <= rounds; round++) {
        let started = performance.now();
        for await (const event of client.chat([{ role: 'user', content: words }], { thinking: false, maxNewTokens: 1, temperature: 0, reuseKvCache: false })) {
          if (event.type === 'finish') tokens = event.usage.promptTokens;
        }
        const chunkedMs = performance.now() - started;
        // The same tokens: the chat template's text, tokenized as is.
        const rendered = `<|im_start|>user\n${words}<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n`;
        started = performance.now();
        const report = await client.inspectLogits(rendered);
        const singleMs = performance.now() - started;
        if (report.tokens.length !== tokens) throw new Error(`token counts differ: ${report.tokens.length} vs ${tokens}`);
        // Round 0 warms both paths up.
        if (round > 0) {
          chunked.push(chunkedMs);
          single.push(singleMs);
        }
      }
      return { tokens, chunked, single };
    },
    { host: hub.url, rounds: ROUNDS, promptTokens: PROMPT_TOKENS },
  );
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const chunkedMs = median(figures.chunked);
  const singleMs = median(figures.single);
  console.log(JSON.stringify({ ...figures, chunkedMedianMs: chunkedMs, singleMedianMs: singleMs, ratio: chunkedMs / singleMs }, null, 2));
} finally {
  await browser.close();
  await hub.close();
  await vite.close();
}
