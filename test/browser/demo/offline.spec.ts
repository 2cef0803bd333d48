/**
 * The demo as an offline web app: one online visit installs the service
 * worker and stores the model; then, with the network off, the page reloads
 * from the service worker, the model loads from IndexedDB and a reply streams.
 */
import { chat, expect, sendAndWait, test, tinyModelUrl, waitControlled, waitReady } from './demo-fixtures.js';

test('after one online visit the demo opens, loads the model and chats offline', async ({ page, context, demoSite, hub, failedRequests }) => {
  await page.goto(tinyModelUrl(demoSite.url, hub.url));
  await waitReady(page);
  await expect(page.locator('.device-info [data-field="backend"] dd')).toHaveText('WASM');
  await expect(page.locator('.device-info [data-field="dtype"] dd')).toHaveText('fp32');

  // First visit: the service worker installs (the app shell, the worker, the WASM runtime)
  // and controls the page from the next load on.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await waitControlled(page);
  await expect(page.locator('.badge[data-state="offline-ready"]')).toBeVisible();

  await context.setOffline(true);
  failedRequests.length = 0;
  await page.reload();
  await expect(page.locator('.badge[data-state="offline"]')).toBeVisible();
  await waitReady(page);
  await expect(page.locator('.cached-models [data-model="qwen3-web/Qwen3-Tiny-ONNX"]')).toBeVisible();

  await sendAndWait(page, 'Hello from a plane');
  const reply = chat(page).locator('.qwen3-chat__message').last();
  await expect(reply).not.toBeEmpty();
  // The service worker serves the page with the headers it was stored with: still cross-origin isolated.
  expect(await page.evaluate(() => [navigator.serviceWorker.controller !== null, crossOriginIsolated])).toEqual([true, true]);

  // The weights live in IndexedDB only: no Cache Storage entry comes from the model host.
  const cachedUrls = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls;
  });
  expect(cachedUrls.some((url) => url.endsWith('.wasm'))).toBe(true);
  expect(cachedUrls.filter((url) => url.startsWith(hub.url))).toEqual([]);

  // Nothing of the app's own origin failed: it all came from the service worker and IndexedDB.
  const origin = new URL(demoSite.url).origin;
  // A request the page itself cancelled (net::ERR_ABORTED: a worker ended while its script loaded) is not a failure to load.
  const own = failedRequests.filter((request) => new URL(request.url()).origin === origin && request.failure()?.errorText !== 'net::ERR_ABORTED');
  expect(own.map((request) => `${request.url()} ${request.failure()?.errorText}`)).toEqual([]);
});
