/** Screenshots the tests save and attach to their report, to be looked at. */
import { test } from '@playwright/test';

/** Anything with Playwright's `screenshot()`: a page or a locator. */
interface Screenshottable {
  screenshot(options: { path: string; animations?: 'disabled'; fullPage?: boolean }): Promise<unknown>;
}

/** Saves `target` as `<name>.png` in the test's output folder and attaches it to the report. */
export async function attachScreenshot(target: Screenshottable, name: string, options: { animations?: 'disabled'; fullPage?: boolean } = {}): Promise<void> {
  const info = test.info();
  const path = info.outputPath(`${name}.png`);
  await target.screenshot({ path, ...options });
  await info.attach(name, { path, contentType: 'image/png' });
}
