/** The conversation follows a streaming reply, stops following when the user scrolls up, and resumes at the bottom. */
import type { Locator } from '@playwright/test';
import { chatRoot, expect, send, test, waitReady } from './react-fixtures.js';

/** Pixels between the bottom of the visible part of the log and the end of its content. */
function distanceToBottom(log: Locator): Promise<number> {
  return log.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight);
}

test('autoscroll: follows the reply, stops when the user scrolls up, resumes from the jump button', async ({ openChat, page }) => {
  await openChat({ demo: 1, width: 320, thinking: 0, maxNewTokens: 1000 });
  const chat = chatRoot(page);
  const log = chat.locator('.qwen3-chat__log');
  await waitReady(chat);
  await send(chat, 'Write a long story.');
  const answer = chat.locator('.qwen3-chat__answer').last();
  // Following: the end of the growing reply stays in view.
  await expect.poll(() => answer.evaluate((element) => element.textContent?.length ?? 0)).toBeGreaterThan(300);
  expect(await distanceToBottom(log)).toBeLessThan(40);
  const jump = chat.getByRole('button', { name: 'Scroll to the latest message' });
  await expect(jump).toHaveCount(0);

  // The user scrolls up: the reply keeps growing below, the view stays put.
  await log.hover();
  await page.mouse.wheel(0, -400);
  await expect(jump).toBeVisible();
  const top = await log.evaluate((element) => element.scrollTop);
  await expect.poll(() => distanceToBottom(log)).toBeGreaterThan(200);
  expect(await log.evaluate((element) => element.scrollTop)).toBe(top);

  // Back to the bottom: it follows again.
  await jump.click();
  await expect(jump).toHaveCount(0);
  const length = await answer.evaluate((element) => element.textContent?.length ?? 0);
  await expect.poll(() => answer.evaluate((element) => element.textContent?.length ?? 0)).toBeGreaterThan(length + 100);
  expect(await distanceToBottom(log)).toBeLessThan(40);
  // Done: stop the reply unless it already ended.
  const stop = chat.getByRole('button', { name: 'Stop' });
  if ((await stop.count()) > 0) await stop.click().catch(() => undefined);
  await waitReady(chat);
});
