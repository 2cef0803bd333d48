/**
 * Choosing a model: the picker lists Qwen3 0.6B, 1.7B and 4B with their
 * download sizes (and the tiny model next to a local hub); choosing one reloads
 * the demo with `?model=`. When the hub cannot be reached the demo says so and
 * offers the tiny local model.
 */
import type { Page } from '@playwright/test';
import { attachScreenshot } from '../screenshot.js';
import { expect, test, TINY_MODEL, tinyModelUrl, waitReady } from './demo-fixtures.js';

const hubNotice = (page: Page) => page.locator('.hub-notice');
const picker = (page: Page) => page.locator('.model-picker');

test('with the hub unreachable, the demo says so and offers the tiny local model', async ({ page, demoSite, hub }) => {
  // The default: Qwen3-0.6B from huggingface.co, which this machine cannot reach.
  await page.goto(demoSite.url);
  await expect(hubNotice(page)).toContainText("huggingface.co can't be reached");
  await expect(picker(page).getByRole('radio', { name: /Qwen3 0\.6B/ })).toBeChecked();

  await hubNotice(page).getByRole('link', { name: 'Use the tiny local model' }).click();
  await waitReady(page);
  const params = new URL(page.url()).searchParams;
  expect([params.get('model'), params.get('host'), params.get('device')]).toEqual([TINY_MODEL, hub.url, 'wasm']);
  await expect(hubNotice(page)).toHaveCount(0);
});

test('the model picker shows sizes, marks the recommended model and reloads with the chosen one', async ({ page, demoSite, hub }) => {
  await page.goto(tinyModelUrl(demoSite.url, hub.url));
  await waitReady(page);
  const radios = picker(page).getByRole('radio');
  await expect(radios).toHaveCount(4);
  await expect(picker(page).getByRole('radio', { name: /Qwen3 tiny/ })).toBeChecked();
  // Sizes come from the registry, for the dtype this device would load: int8 on WASM (no WebGPU here).
  await expect(picker(page).locator('.choice').filter({ hasText: 'Qwen3 0.6B' })).toContainText(/\d+ MB · int8/);
  await expect(picker(page).locator('.choice').filter({ hasText: 'Qwen3 tiny' })).toContainText('44.6 MB · fp32');
  await expect(picker(page).locator('.tag', { hasText: 'Recommended' })).toHaveCount(1);
  // It says why: what fits, and how fast it should decode here.
  await expect(picker(page).locator('.model-picker__why')).toContainText(/tokens\/s/);
  await attachScreenshot(picker(page), 'model-picker');

  await picker(page).getByRole('radio', { name: /Qwen3 0\.6B/ }).click();
  await page.waitForURL(/model=onnx-community%2FQwen3-0\.6B-ONNX/);
  // Leaving the test model goes back to the real hub and automatic device choice.
  expect(new URL(page.url()).searchParams.get('host')).toBeNull();
  await expect(picker(page).getByRole('radio', { name: /Qwen3 0\.6B/ })).toBeChecked();
  await expect(page.locator('.qwen3-chat__subtitle')).toContainText('Qwen3-0.6B');
  await expect(hubNotice(page)).toBeVisible();
});
