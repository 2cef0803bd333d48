import { chromium } from 'playwright-core';
import { chromiumArgs } from '/work/main/playwright.config.js';
import { startVite, serveModels } from '/work/main/bench/runner/servers.js';

const served = await serveModels([{ kind: 'tiny' }], 'auto');
const vite = await startVite(5290);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...chromiumArgs, '--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan'] });
const context = await browser.newContext();
const page = await context.newPage();
page.on('console', (m) => console.log('console', m.type(), m.text().slice(0, 200)));
await page.goto('http://127.0.0.1:5290/bench/pages/index.html');
await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
const model = served.models[0]!;
const target = { model: model.model, host: model.host, device: 'webgpu' as const, dtype: 'fp32' };
const mode = process.argv[2] ?? 'sdk';
const t0 = Date.now();
if (mode === 'sdk') {
  const r = await page.evaluate((t) => window.bench.sdkLoad(t), target);
  console.log('sdk cold', JSON.stringify(r.timeline), r.wallMs);
  const r2 = await page.evaluate((t) => window.bench.sdkLoad(t), target);
  console.log('sdk warm same page', JSON.stringify(r2.timeline), r2.wallMs);
} else {
  const r = await page.evaluate((t) => window.bench.memoryProfile(t, ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'], { first: [{ role: 'user', content: 'hi' }], last: [{ role: 'user', content: 'hi' }] }), target);
  console.log('memory', JSON.stringify(r));
  const o = await page.evaluate((t) => window.bench.ortSessions(t, ['onnx/model.onnx']), target);
  console.log('ort', JSON.stringify(o));
}
console.log('total', Date.now() - t0);
await browser.close();
await vite.close();
await served.close();
