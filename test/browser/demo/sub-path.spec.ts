/**
 * The built demo on a plain static host, under a sub-path and without
 * COOP/COEP headers: it loads and chats (single-threaded WASM), registers its
 * service worker for that sub-path, and prompts to reload when a new version
 * of the app is published.
 */
import { readFileSync } from 'node:fs';
import { expect, sendAndWait, test, tinyModelUrl, waitControlled, waitReady } from './demo-fixtures.js';
import { attachScreenshot } from '../screenshot.js';

test('under a sub-path of a static host without isolation headers, the demo loads and chats', async ({ page, demoSite, hub }) => {
  const site = demoSite.subPath;
  expect(new URL(site.url).pathname).toBe('/sub/qwen3/');
  await page.goto(tinyModelUrl(site.url, hub.url));
  await waitReady(page);
  await sendAndWait(page, 'Hello from a sub-path');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await expect(page.locator('.device-info [data-field="threads"] dd')).toHaveText('1 · not isolated');

  const registration = await page.evaluate(async () => {
    const ready = await navigator.serviceWorker.ready;
    return { scope: ready.scope, script: ready.active?.scriptURL };
  });
  expect(registration).toEqual({ scope: site.url, script: `${site.url}sw.js` });
});

test('a new version of the app shows a prompt, and Reload switches to it', async ({ page, demoSite }) => {
  const site = demoSite.subPath;
  await page.goto(site.url);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await waitControlled(page);
  const banner = page.getByRole('status').filter({ hasText: 'A new version is available' });
  await expect(banner).toHaveCount(0);

  // Publish a new version: any byte of sw.js changed is a new service worker to the browser.
  site.override('sw.js', `${readFileSync('demo/dist/sw.js', 'utf8')}\n// the next version\n`);
  try {
    await page.reload();
    await expect(banner).toBeVisible();
    await attachScreenshot(page, 'update-banner');
    await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload' }).click()]);
    await expect(banner).toHaveCount(0);
    const state = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return { waiting: registration?.waiting ?? null, controlled: navigator.serviceWorker.controller !== null };
    });
    expect(state).toEqual({ waiting: null, controlled: true });
  } finally {
    site.clearOverrides();
  }
});
