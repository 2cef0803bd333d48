/** A keyboard-only session: every control is reachable and usable, with a visible focus ring. */
import type { Locator, Page } from '@playwright/test';
import { STOP_THINKING_TOKENS } from '../../../src/core/token-allowance.js';
import { chatRoot, expect, test, waitReady } from './react-fixtures.js';

/** Presses Tab until `target` has focus (at most 12 times). */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 12; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

/** The focus indicator drawn for the focused element (outline, or the field's ring for the textarea). */
function focusRing(target: Locator): Promise<string> {
  return target.evaluate((element) => {
    const ringOwner = element.closest('.qwen3-chat__field') && element.tagName === 'TEXTAREA' ? element.closest('.qwen3-chat__field')! : element;
    const style = getComputedStyle(ringOwner);
    return style.outlineStyle !== 'none' && style.outlineWidth !== '0px' ? `outline ${style.outlineWidth}` : style.boxShadow;
  });
}

test('keyboard only: Tab to the box, type, Enter sends; Space toggles Think; arrows move the budget', async ({ openChat, page }) => {
  await openChat({ thinking: 0, maxNewTokens: 16 });
  const chat = chatRoot(page);
  await waitReady(chat);
  const box = chat.getByRole('textbox', { name: 'Message' });
  await tabTo(page, box);
  expect(await focusRing(box)).not.toBe('none');
  await page.keyboard.type('First line');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('second line');
  await expect(box).toHaveValue('First line\nsecond line');
  await page.keyboard.press('Enter');
  await expect(box).toHaveValue('');
  await expect(chat.locator('[data-role="user"]')).toHaveText(/First line\s*second line/);
  await waitReady(chat);
  await expect(chat.locator('[data-role="assistant"]')).toHaveCount(1);

  const think = chat.getByRole('switch', { name: 'Think' });
  await tabTo(page, think);
  expect(await focusRing(think)).toMatch(/^outline 2px/);
  await expect(think).toHaveAttribute('aria-checked', 'false');
  await page.keyboard.press('Space');
  await expect(think).toHaveAttribute('aria-checked', 'true');

  const slider = chat.getByRole('slider', { name: 'Thinking budget' });
  await tabTo(page, slider);
  expect(await focusRing(slider)).toMatch(/^outline 2px/);
  // The default budget, chosen from the device's speed: a finite step.
  await expect(slider).toHaveAttribute('aria-valuetext', /^\d+ tokens$/);
  await page.keyboard.press('End');
  await expect(slider).toHaveAttribute('aria-valuetext', 'Unlimited');
  await page.keyboard.press('Home');
  await expect(slider).toHaveAttribute('aria-valuetext', '0 tokens');
  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuetext', '16 tokens');
  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuetext', '32 tokens');
  await page.keyboard.press('ArrowLeft');
  await expect(slider).toHaveAttribute('aria-valuetext', '16 tokens');

  // The reply's buttons are reachable too: Copy and Regenerate.
  const regenerate = chat.getByRole('button', { name: 'Regenerate' });
  await regenerate.focus();
  expect(await focusRing(regenerate)).toMatch(/^outline 2px/);
  await page.keyboard.press('Enter');
  await waitReady(chat);
  // The new reply used the settings chosen by keyboard: thinking on, 16 tokens.
  // (16 reasoning tokens, and as usage counts them, the stop-thinking instruction the budget forced.)
  const thought = chat.getByRole('button', { name: /^Thought for .* · \d+ tokens$/ });
  await expect(thought).toBeVisible();
  const tokens = Number(/· (\d+) tokens/.exec((await thought.textContent()) ?? '')?.[1]);
  expect(tokens).toBeGreaterThanOrEqual(16);
  expect(tokens).toBeLessThanOrEqual(16 + STOP_THINKING_TOKENS);
});
