/**
 * Model output is untrusted. It cannot be steered in a test, so the same
 * rendering path is fed hostile Markdown as conversation history: nothing in
 * it may run, load, or navigate.
 */
import { chatRoot, expect, test } from './react-fixtures.js';

test('HTML, scripts and javascript: URLs in messages never run', async ({ openChat, page }) => {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  await openChat({ scenario: 'xss' });
  const chat = chatRoot(page);
  const answer = chat.locator('.qwen3-chat__answer').last();
  await expect(answer).toContainText('raw anchor');
  // Raw HTML is shown as text, never as elements.
  await expect(answer).toContainText('<img src=x onerror=');
  await expect(answer).toContainText('<script>');
  // (The UI's own icons are SVGs; the message content holds none.)
  const content = '.qwen3-chat__md, .qwen3-chat__bubble, .qwen3-chat__reasoning-body';
  for (const tag of ['img', 'script', 'iframe', 'svg', 'object', 'embed', 'style']) {
    await expect(chat.locator(content).locator(tag), tag).toHaveCount(0);
  }
  // No link may carry a script URL; the safe one stays, opening a new tab without an opener.
  const hrefs = await chat.locator('.qwen3-chat__log a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.length).toBeGreaterThan(0);
  for (const href of hrefs) expect(href).toMatch(/^https?:\/\//);
  const safe = chat.getByRole('link', { name: 'safe' });
  await expect(safe).toHaveAttribute('href', 'https://example.com/docs');
  await expect(safe).toHaveAttribute('rel', /noopener/);
  await expect(safe).toHaveAttribute('target', '_blank');
  // Markdown images become links: nothing is fetched from the reply's URLs.
  await expect(chat.getByRole('link', { name: '[tracker]' })).toHaveAttribute('href', 'http://127.0.0.1:9/pixel.png');
  expect(requests.filter((url) => url.includes('pixel.png') || url.endsWith('/x'))).toEqual([]);
  // Clicking what were javascript: links does nothing either.
  await chat.getByText('click me').click();
  await chat.getByText('picture').click();
  // The reasoning (shown as text) and the user's own message are inert too.
  await chat.getByRole('button', { name: /^Thought/ }).click();
  await expect(chat.locator('.qwen3-chat__reasoning-body')).toContainText('<img src=x');
  await expect(chat.locator('[data-role="user"]')).toContainText('<img src=x');
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  expect(dialogs).toBe(0);
  expect(page.url()).toContain('/test/browser/harness/react.html');
});
