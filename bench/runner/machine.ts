/** Describes the machine and browser the figures come from. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import type { Browser } from 'playwright-core';
import type { MachineInfo } from './results.js';
import { REPO_ROOT } from './servers.js';

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} (+ uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

/** The 1-minute load average. */
export function loadAverage(): number {
  return loadavg()[0] ?? Number.NaN;
}

/** Machine facts; `chromium` and `page` are filled in once a browser ran. */
export function describeMachine(loadAverageBefore: number): MachineInfo {
  const cpu = cpus();
  return {
    date: new Date().toISOString(),
    cores: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: `${platform()} ${release()}`,
    node: process.version,
    chromium: 'not started',
    commit: gitCommit(),
    loadAverageBefore,
    loadAverageAfter: Number.NaN,
    page: {},
  };
}

/** What a page in `browser` sees: cores, isolation, and the WebGPU adapter. */
export async function describePage(browser: Browser, baseUrl: string): Promise<Record<string, unknown>> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/bench/pages/index.html`);
    return await page.evaluate(async () => {
      const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ info?: Record<string, unknown>; features: Set<string> } | null> } }).gpu;
      const adapter = gpu ? await gpu.requestAdapter().catch(() => null) : null;
      const info = adapter?.info;
      return {
        hardwareConcurrency: navigator.hardwareConcurrency,
        crossOriginIsolated,
        webgpu: adapter ? { vendor: info?.['vendor'], architecture: info?.['architecture'], shaderF16: adapter.features.has('shader-f16') } : null,
      };
    });
  } finally {
    await context.close();
  }
}
