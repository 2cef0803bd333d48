/**
 * The SDK leaves comlink alone: with the SDK's client on the page, an app's
 * own comlink worker still gets its errors back as comlink delivers them,
 * while the SDK's worker still delivers `Qwen3Error`s with their code.
 */
import { expect, test } from './fixtures.js';

test("an app's own comlink worker keeps its errors beside the SDK's worker", async ({ page, consoleErrors }) => {
  await page.goto('/test/browser/harness/client-comlink.html');
  await expect(page.locator('#status')).toHaveText('ready');
  const result = await page.evaluate(() => window.clientComlink.run());
  expect(result.sum).toBe(5);
  expect(result.appError).toEqual({
    isQwen3Error: false,
    isError: true,
    name: 'RangeError',
    message: 'the app worker failed',
    code: undefined,
    value: undefined,
  });
  expect(result.appValue).toMatchObject({ isQwen3Error: false, isError: false, value: { appCode: 42 } });
  expect(result.sdkError).toMatchObject({ isQwen3Error: true, code: 'NOT_LOADED' });
  expect(consoleErrors.filter((line) => /TypeError/.test(line))).toEqual([]);
});
