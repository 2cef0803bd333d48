/**
 * Screenshots of the demo after a reply, at desktop width and at 390 px
 * (a phone), in the light and the dark scheme, and the phone's settings
 * sheet. They are attached to the report: look at them.
 */
import type { Page } from '@playwright/test';
import { chat, expect, sendAndWait, test, waitReady } from './demo-fixtures.js';
import { attachScreenshot } from '../screenshot.js';

async function shoot(page: Page, name: string): Promise<void> {
  await attachScreenshot(page, name, { animations: 'disabled' });
}

test('screenshots: desktop and phone, light and dark', async ({ page, demoSite }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  // The first thing a visitor here sees: huggingface.co cannot be reached from this machine.
  await page.goto(demoSite.url);
  await expect(page.locator('.hub-notice')).toBeVisible();
  await shoot(page, 'desktop-light-hub-unreachable');
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, 'phone-light-hub-unreachable');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole('link', { name: 'Use the tiny local model' }).click();
  await waitReady(page);
  await sendAndWait(page, 'Write a haiku about the sea.');
  // Let the "new chat" button, the stats and the stored-model list settle.
  await expect(page.locator('.cached-models .stored__item')).toHaveCount(1);

  // Tall enough to show every card of the side panel.
  await page.setViewportSize({ width: 1440, height: 1500 });
  await shoot(page, 'desktop-light-tall');

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1440, height: 900 });
    await shoot(page, `desktop-${scheme}`);
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(chat(page)).toBeInViewport();
    await shoot(page, `phone-${scheme}`);
  }

  await page.getByRole('button', { name: 'Model & device' }).click();
  await expect(page.locator('#side-panel')).toBeInViewport({ ratio: 0.9 });
  await shoot(page, 'phone-dark-panel');
  await page.keyboard.press('Escape');
  await expect(page.locator('#side-panel')).not.toBeInViewport();
});
