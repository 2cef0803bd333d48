/**
 * <Qwen3Chat> through a GPU failure: the device is lost while a reply
 * streams on WebGPU; the chat shows the typed error, its header now says
 * WASM (where the client reloaded the model), and Retry answers there.
 * (WebGPU runs on SwiftShader here: about a second per token.)
 */
import { chatRoot, expect, send, test, waitReady } from './react-fixtures.js';
import { attachScreenshot } from '../screenshot.js';

test('the GPU is lost mid-reply: an error banner, the header switches to WASM, Retry answers', async ({ openChat }) => {
  test.setTimeout(240_000);
  const page = await openChat({ scenario: 'own-client', device: 'webgpu', thinking: 0, maxNewTokens: 8 });
  const chat = chatRoot(page);
  await waitReady(chat, 120_000);
  await expect(chat.getByText('WebGPU · on device')).toBeVisible();

  await send(chat, 'Count to ten.');
  const answer = chat.locator('.qwen3-chat__answer').last();
  await expect(answer).not.toBeEmpty({ timeout: 120_000 });
  await page.evaluate(() => window.__client!.simulateDeviceLoss());

  const alert = chat.getByRole('alert');
  await expect(alert).toContainText(/GPU failed.*reloaded on WASM/, { timeout: 120_000 });
  await expect(chat.getByText('WASM · on device')).toBeVisible();
  expect(await page.evaluate(() => window.__record.errors.map((error) => error.code))).toEqual(['DEVICE_LOST']);
  await attachScreenshot(chat, 'device-lost');

  await alert.getByRole('button', { name: 'Retry' }).click();
  await waitReady(chat);
  await expect(alert).toHaveCount(0);
  await expect(answer).not.toBeEmpty();
  expect(await page.evaluate(() => window.__record.finishes.at(-1)?.reason)).toBe('length');
});
