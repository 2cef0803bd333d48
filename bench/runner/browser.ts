/**
 * Headless Chromium for one backend, with the same flags as the browser
 * tests (playwright.config.ts) plus SwiftShader WebGPU when asked for.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs } from '../../playwright.config.js';
import type { Backend } from '../shared/figures.js';
import { BENCH_PAGE } from './servers.js';

/** Where Chromium is: Debian's, or `CHROMIUM_PATH`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** WebGPU on SwiftShader in headless Chromium (it also needs a secure, localhost page). */
const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan'];

/** Launches Chromium for `backend`. */
export function launchBrowser(backend: Backend): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: backend === 'webgpu' ? [...chromiumArgs, ...WEBGPU_ARGS] : [...chromiumArgs],
  });
}

/**
 * Opens the bench page in `context` and waits until it is ready. Browser
 * errors are collected into `errors` (ORT's harmless WebGPU placement notice
 * is left out).
 */
export async function openBenchPage(context: BrowserContext, baseUrl: string, errors: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (/not assigned to the preferred execution providers/.test(text)) return;
    errors.push(`console: ${text.slice(0, 300)}`);
  });
  await page.goto(`${baseUrl}${BENCH_PAGE}`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', undefined, { timeout: 120_000 });
  return page;
}
