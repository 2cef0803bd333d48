/**
 * Fixtures for the demo site's tests. `demoSite` builds the demo once per
 * test worker (`vite build --config demo/vite.config.ts`, with this worker's
 * hub server as the local hub, as `npm run demo` passes it) and serves
 * demo/dist twice: with `vite preview` (cross-origin isolated) and from a
 * plain static server under a sub-path (no isolation headers).
 *
 * Each test gets a fresh browser context (its own service worker and
 * IndexedDB): the first visit is a real first visit.
 */
import { execFileSync } from 'node:child_process';
import type { Page, Request } from '@playwright/test';
import { preview } from 'vite';
import { expect, test as base, TINY_MODEL } from '../fixtures.js';
import { serveStatic, type StaticServer } from './static-server.js';

const CONFIG = 'demo/vite.config.ts';

/** The built demo, served two ways. */
export interface DemoSite {
  /** `vite preview` of demo/dist, with COOP/COEP; ends in `/`. */
  readonly url: string;
  /** demo/dist under `/sub/qwen3/` on a plain static server; ends in `/`. */
  readonly subPath: StaticServer;
}

/** The shared fixtures plus `demoSite` (per worker) and `failedRequests` (per test). */
export const test = base.extend<{ failedRequests: Request[] }, { demoSite: DemoSite }>({
  demoSite: [
    async ({ hub }, use) => {
      execFileSync('npx', ['vite', 'build', '--config', CONFIG, '--logLevel', 'warn'], {
        stdio: 'pipe',
        env: { ...process.env, VITE_LOCAL_HUB: hub.url },
      });
      const server = await preview({ configFile: CONFIG, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
      const subPath = await serveStatic({ root: 'demo/dist', prefix: '/sub/qwen3/' });
      await use({ url: server.resolvedUrls!.local[0]!, subPath });
      await subPath.close();
      await server.close();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  /** Every request of the page's context that failed (network error, offline, aborted). */
  failedRequests: async ({ context }, use) => {
    const failed: Request[] = [];
    context.on('requestfailed', (request) => failed.push(request));
    await use(failed);
  },
});

export { expect, TINY_MODEL };

/** The demo's URL with the tiny model from the hub server, on WASM. */
export function tinyModelUrl(base: string, hubUrl: string): string {
  const params = new URLSearchParams({ model: TINY_MODEL, host: hubUrl, device: 'wasm' });
  return `${base}?${params}`;
}

/** The chat component's root. */
export function chat(page: Page) {
  return page.locator('.qwen3-chat');
}

/** Waits until the model is loaded and the chat waits for a message (loads are slow on a busy 2-core machine). */
export async function waitReady(page: Page): Promise<void> {
  await expect(chat(page)).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
}

/** Sends a message and waits for the whole reply, then for its figures in the side panel. */
export async function sendAndWait(page: Page, text: string): Promise<void> {
  await chat(page).getByRole('textbox', { name: 'Message' }).fill(text);
  await chat(page).getByRole('button', { name: 'Send' }).click();
  await expect(chat(page)).toHaveAttribute('data-status', /submitted|streaming|ready/);
  await waitReady(page);
  await expect(page.locator('.last-reply [data-field="tokens-per-second"] dd')).not.toHaveText('–');
}

/** Resolves once a service worker controls the page (from the load after the one that installed it). */
export async function waitControlled(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}
