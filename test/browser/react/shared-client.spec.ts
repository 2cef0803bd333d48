/** Two chats on one page with the same model share one worker and one download; with `shared`, two tabs share one engine. */
import { chatRoot, expect, send, test, waitReady } from './react-fixtures.js';

// A first visit, so the download can be counted.
test.use({ coldCache: true });

test('two <Qwen3Chat> share one worker; the model is downloaded once; both chat', async ({ openChat, page, hub }) => {
  await openChat({ scenario: 'two', thinking: 0, maxNewTokens: 12 });
  const left = chatRoot(page, 0);
  const right = chatRoot(page, 1);
  await waitReady(left);
  await waitReady(right);
  // React StrictMode mounts, unmounts and mounts again: still one worker.
  expect(await page.evaluate(() => window.__workerCount)).toBe(1);
  const modelDownloads = hub.countFor((record) => record.origin === 'cdn' && record.file === 'onnx/model.onnx' && record.method === 'GET' && record.range !== 'bytes=0-0');
  expect(modelDownloads).toBe(1);
  await send(left, 'Hello from the left');
  await waitReady(left);
  await send(right, 'Hello from the right');
  await waitReady(right);
  await expect(left.locator('[data-role="assistant"]')).toHaveCount(1);
  await expect(right.locator('[data-role="assistant"]')).toHaveCount(1);
  // Each keeps its own conversation.
  await expect(left.locator('[data-role="user"]')).toHaveText(/left/);
  await expect(right.locator('[data-role="user"]')).toHaveText(/right/);
  expect(await page.evaluate(() => window.__workerCount)).toBe(1);
});

test('<Qwen3Chat shared> in two tabs: one shared engine worker, no worker of their own, one download, both chat', async ({ openChat, page, hub }) => {
  const first = await openChat({ scenario: 'single', thinking: 0, maxNewTokens: 12, shared: 1 });
  const second = await page.context().newPage();
  await second.goto(first.url());
  await expect(second.locator('#status')).toHaveText('ready');
  for (const tab of [first, second]) await waitReady(chatRoot(tab));
  expect(await first.evaluate(() => window.__workerCount)).toBe(0);
  expect(await second.evaluate(() => window.__workerCount)).toBe(0);
  const cdp = await page.context().browser()!.newBrowserCDPSession();
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: Array<{ type: string; url: string }> };
  await cdp.detach();
  expect(targetInfos.filter((t) => t.type === 'shared_worker' && t.url.includes('shared-entry'))).toHaveLength(1);
  const modelDownloads = hub.countFor((record) => record.origin === 'cdn' && record.file === 'onnx/model.onnx' && record.method === 'GET' && record.range !== 'bytes=0-0');
  expect(modelDownloads).toBe(1);
  await send(chatRoot(first), 'Hello from the first tab');
  await send(chatRoot(second), 'Hello from the second tab');
  for (const tab of [first, second]) {
    await waitReady(chatRoot(tab));
    await expect(chatRoot(tab).locator('[data-role="assistant"]')).toHaveCount(1);
  }
  await expect(chatRoot(second).locator('[data-role="user"]')).toHaveText(/second tab/);
  await second.close();
});
