/**
 * The demo's Tools card on the tiny model: its weights are random, so it
 * never chooses a tool; "Always call the clock" (`?tools=get_time`) makes the
 * reply call it (a tool without parameters is written whole for the model),
 * the page runs it and shows the call with its result. "Always call the
 * calculator" forces only the call's head: the random model writes the
 * arguments, which are not JSON, and the call shows as one that could not run.
 */
import { attachScreenshot } from '../screenshot.js';
import { chat, expect, sendAndWait, test, tinyModelUrl, waitReady } from './demo-fixtures.js';

test('the Tools card: a forced clock call runs in the page with its result shown; a malformed calculator call is shown as such', async ({ page, demoSite, hub }) => {
  await page.goto(`${tinyModelUrl(demoSite.url, hub.url)}&tools=get_time`);
  await waitReady(page);
  const select = page.locator('.tools-card select');
  await expect(select).toHaveValue('get_time');
  await sendAndWait(page, 'What time is it?');
  const clock = chat(page).locator('.qwen3-chat__tool-call[data-tool="get_time"]');
  await expect(clock).toHaveCount(1);
  await expect(clock).toHaveAttribute('data-state', 'done');
  await expect(clock.locator('.qwen3-chat__tool-result')).toContainText(String(new Date().getFullYear()));
  await attachScreenshot(page, 'demo-tools');

  await select.selectOption('calculate');
  await sendAndWait(page, 'What is (2 + 3) * 4?');
  const calculator = chat(page).locator('.qwen3-chat__tool-call[data-tool="calculate"]');
  await expect(calculator).toHaveCount(1);
  await expect(calculator).toHaveAttribute('data-state', 'error');
  await expect(calculator.locator('.qwen3-chat__tool-error')).not.toBeEmpty();
});
