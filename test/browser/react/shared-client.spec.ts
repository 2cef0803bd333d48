/** Two chats on one page with the same model share one worker and one download; with `shared`, two tabs share one engine. */
import { killSharedEngine, sharedEngineTargets } from '../shared-worker-targets.js';
import { chatRoot, expect, finishes, send, test, waitReady } from './react-fixtures.js';

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
  expect(await sharedEngineTargets(page.context())).toHaveLength(1);
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

test('<Qwen3Chat shared>: when the engine worker dies mid-reply, the reply starts over on the new engine and completes', async ({ openChat, page, hub }) => {
  const tab = await openChat({ scenario: 'single', thinking: 0, maxNewTokens: 400, shared: 1 });
  await waitReady(chatRoot(tab));
  hub.reset();
  await send(chatRoot(tab), 'Tell me a long story');
  await expect(chatRoot(tab).locator('[data-role="assistant"]')).toHaveCount(1);
  await tab.waitForTimeout(1000);
  await killSharedEngine(page.context());
  await waitReady(chatRoot(tab), 120_000);
  // One reply, whole, no error: the chat sent it again once the model was back (read from IndexedDB).
  await expect(chatRoot(tab).locator('[data-role="assistant"]')).toHaveCount(1);
  await expect(chatRoot(tab).locator('[role="alert"]')).toHaveCount(0);
  const [finish] = await finishes(tab);
  expect(finish?.reason).toBe('length');
  expect(hub.requests().filter((r) => r.file !== undefined)).toEqual([]);
});
