/** useQwen3Chat behind a custom UI: controlled messages and thinking, streaming, stats. */
import { STOP_THINKING_TOKENS } from '../../../src/core/token-allowance.js';
import { expect, test } from './react-fixtures.js';

test('a custom UI on the hook streams a reply into controlled messages and shows the stats', async ({ openChat, page }) => {
  // A long answer (about a second on WASM): many frames paint it, however busy the machine.
  await openChat({ scenario: 'hook', budget: 8, maxNewTokens: 400 });
  const status = page.getByTestId('hook-status');
  await expect(status).toHaveText('ready');
  await page.getByLabel('Prompt').fill('Hi there');
  // Count how many times the message list changed while the reply streamed.
  await page.evaluate(() => {
    window.__answers = [];
    const list = document.querySelector('[data-testid="hook-messages"]')!;
    new MutationObserver(() => window.__answers.push(list.textContent ?? '')).observe(list, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(status).toHaveText(/submitted|streaming/);
  await expect(status).toHaveText('ready');
  const items = page.getByTestId('hook-messages').locator('li');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toHaveText('Hi there');
  await expect(items.nth(1).locator('[data-part="reasoning"]')).toHaveAttribute('data-state', 'done');
  expect((await items.nth(1).locator('[data-part="text"]').textContent())?.length).toBeGreaterThan(0);
  expect(new Set(await page.evaluate(() => window.__answers)).size).toBeGreaterThan(2);
  const stats = JSON.parse((await page.getByTestId('hook-stats').textContent())!) as { ttft: number; tps: number; reasoning: number };
  expect(stats.ttft).toBeGreaterThan(0);
  expect(stats.tps).toBeGreaterThan(0);
  // The budget of 8, and as usage counts them, the stop-thinking instruction it forced.
  expect(stats.reasoning).toBeGreaterThanOrEqual(8);
  expect(stats.reasoning).toBeLessThanOrEqual(8 + STOP_THINKING_TOKENS);

  // Controlled thinking: the parent's state drives the next reply.
  await page.getByLabel('think').uncheck();
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(status).toHaveText('ready');
  await expect(items).toHaveCount(4);
  await expect(items.nth(3).locator('[data-part="reasoning"]')).toHaveCount(0);
});
