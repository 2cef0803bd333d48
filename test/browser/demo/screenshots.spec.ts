/**
 * Screenshots of the demo after a reply, at desktop width and at 390 px
 * (a phone), in the light and the dark scheme, and the phone's settings
 * sheet. They are attached to the report: look at them.
 */
import type { Page, TestInfo } from '@playwright/test';
import { chat, expect, sendAndWait, test, waitReady } from './demo-fixtures.js';

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, animations: 'disabled' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

test('screenshots: desktop and phone, light and dark', async ({ page, demoSite }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  // The first thing a visitor here sees: huggingface.co cannot be reached from this machine.
  await page.goto(demoSite.url);
  await expect(page.locator('.hub-notice')).toBeVisible();
  await shoot(page, testInfo, 'desktop-light-hub-unreachable');
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, testInfo, 'phone-light-hub-unreachable');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole('link', { name: 'Use the tiny local model' }).click();
  await waitReady(page);
  await sendAndWait(page, 'Write a haiku about the sea.');
  // Let the "new chat" button, the stats and the stored-model list settle.
  await expect(page.locator('.cached-models .stored__item')).toHaveCount(1);

  // Tall enough to show every card of the side panel.
  await page.setViewportSize({ width: 1440, height: 1500 });
  await shoot(page, testInfo, 'desktop-light-tall');

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1440, height: 900 });
    await shoot(page, testInfo, `desktop-${scheme}`);
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(chat(page)).toBeInViewport();
    await shoot(page, testInfo, `phone-${scheme}`);
  }

  await page.getByRole('button', { name: 'Model & device' }).click();
  await expect(page.locator('#side-panel')).toBeInViewport({ ratio: 0.9 });
  await shoot(page, testInfo, 'phone-dark-panel');
  await page.keyboard.press('Escape');
  await expect(page.locator('#side-panel')).not.toBeInViewport();
});
