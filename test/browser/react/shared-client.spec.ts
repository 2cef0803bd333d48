/** Two chats on one page with the same model share one worker and one download. */
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
