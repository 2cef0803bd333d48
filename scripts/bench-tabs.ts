/**
 * `npm run bench:tabs`: what one engine for all tabs (`shared: true`) buys.
 * For N = 1, 2 and 4 tabs of one origin, each loading the tiny model and
 * answering once, the browser's memory (the proportional set size of all its
 * processes), with a private worker per tab and with the shared engine; and
 * the time to a reply's first token as the page sees it minus as the engine
 * measures it, for a tab of the shared engine against a private one — the
 * cost of the relay. Also what a SharedWorker offers here (WebGPU, cross-
 * origin isolation). Prints Markdown; bench/notes/shared-engine.md holds
 * the figures of the last run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../bench/runner/browser.js';
import { serveModels, startVite } from '../bench/runner/servers.js';
import { median } from '../bench/runner/stats.js';

const PORT = Number(process.env['QWEN3_BENCH_PORT'] ?? 5289);
const TAB_COUNTS = [1, 2, 4];
const REPEATS = 7;
const messages = [{ role: 'user' as const, content: 'Name a colour.' }];

/** Pids of this process's descendants (Chromium and its children). */
function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (pid: number): void => {
    for (const [child, parent] of parents) {
      if (parent === pid) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(root);
  return found;
}

/** The proportional set size of Chromium's processes, in MiB (shared pages split among their users). */
function browserMemoryMiB(): number {
  let kib = 0;
  for (const pid of descendants(process.pid)) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      if (!/chromium|chrome/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) continue;
      kib += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kib / 1024;
}

async function openTab(browser: Browser, context: Awaited<ReturnType<Browser['newContext']>>, shared: boolean): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${PORT}/bench/pages/tabs/index.html${shared ? '?shared' : ''}`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  if ((await page.evaluate(() => window.tabsBench.shared())) !== shared) throw new Error(`this browser gave shared: ${!shared}`);
  void browser;
  return page;
}

async function memoryOf(browser: Browser, tabs: number, shared: boolean, host: string, model: string): Promise<number> {
  const context = await browser.newContext();
  const pages: Page[] = [];
  for (let i = 0; i < tabs; i++) pages.push(await openTab(browser, context, shared));
  // One after another: the point is memory, not a download race.
  for (const page of pages) await page.evaluate(({ host, model }) => window.tabsBench.load(host, model), { host, model });
  for (const page of pages) await page.evaluate((messages) => window.tabsBench.firstToken(messages), messages);
  await pages[0]!.waitForTimeout(2000);
  const mib = browserMemoryMiB();
  await context.close();
  return mib;
}

/** Page-side minus engine-side time to first token, median of `REPEATS`, for one tab's client. */
async function relayMs(browser: Browser, shared: boolean, host: string, model: string): Promise<number> {
  const context = await browser.newContext();
  // With the shared engine, a second tab asks: the first started the engine.
  const first = await openTab(browser, context, shared);
  await first.evaluate(({ host, model }) => window.tabsBench.load(host, model), { host, model });
  const asking = shared ? await openTab(browser, context, true) : first;
  await asking.evaluate(({ host, model }) => window.tabsBench.load(host, model), { host, model });
  const gaps: number[] = [];
  for (let i = 0; i < REPEATS + 1; i++) {
    const { pageMs, engineMs } = await asking.evaluate((messages) => window.tabsBench.firstToken(messages), messages);
    if (i > 0) gaps.push(pageMs - engineMs);
  }
  await context.close();
  return median(gaps);
}

async function main(): Promise<void> {
  const vite = await startVite(PORT, ['bench/pages/tabs/tabs.ts', 'src/worker/shared-entry.ts']);
  const served = await serveModels([{ kind: 'tiny' }], 'fp32');
  const { host, model } = served.models[0]!;
  const browser = await launchBrowser('webgpu');
  try {
    const probeContext = await browser.newContext();
    const probePage = await openTab(browser, probeContext, false);
    const probe = await probePage.evaluate(() => window.tabsBench.probeSharedWorker());
    await probeContext.close();
    const rows: string[] = [];
    for (const tabs of TAB_COUNTS) {
      const privateMiB = await memoryOf(browser, tabs, false, host, model);
      const sharedMiB = await memoryOf(browser, tabs, true, host, model);
      rows.push(`| ${tabs} | ${privateMiB.toFixed(0)} MiB | ${sharedMiB.toFixed(0)} MiB | ${(sharedMiB / privateMiB).toFixed(2)}× |`);
      console.error(`  ${tabs} tab(s): private ${privateMiB.toFixed(0)} MiB, shared ${sharedMiB.toFixed(0)} MiB`);
    }
    const [privateGap, sharedGap] = [await relayMs(browser, false, host, model), await relayMs(browser, true, host, model)];
    console.log(`Measured ${new Date().toISOString()}, ${model} (fp32, WASM), Chromium ${browser.version()}.\n`);
    console.log(`A SharedWorker here: WebGPU API ${probe.webgpuApi ? 'yes' : 'no'}, adapter ${probe.webgpuAdapter ? 'yes' : 'no'}; cross-origin isolated ${probe.isolated ? 'yes' : 'no'} (the page: ${probe.pageIsolated ? 'yes' : 'no'}).\n`);
    console.log('| tabs | a worker per tab | one shared engine | shared / private |\n| --- | --- | --- | --- |');
    for (const row of rows) console.log(row);
    console.log(`\nFirst token, as the page sees it minus as the engine measures it (median of ${REPEATS}): private worker ${privateGap.toFixed(1)} ms, a second tab of the shared engine ${sharedGap.toFixed(1)} ms: the relay costs ${(sharedGap - privateGap).toFixed(1)} ms.`);
  } finally {
    await browser.close();
    await served.close();
    await vite.close();
  }
}

await main();
