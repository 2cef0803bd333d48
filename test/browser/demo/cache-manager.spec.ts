/** The stored-models card: lists what IndexedDB holds with sizes and a total, and deletes a model. */
import { expect, test, tinyModelUrl, waitReady } from './demo-fixtures.js';

test('the cache manager lists the stored model with its size and deletes it', async ({ page, demoSite, hub }) => {
  await page.goto(tinyModelUrl(demoSite.url, hub.url));
  await waitReady(page);
  const card = page.locator('.cached-models');
  const item = card.locator('.stored__item[data-model="qwen3-web/Qwen3-Tiny-ONNX"][data-dtype="fp32"]');
  await expect(item).toContainText('In use');
  const size = (await item.locator('[data-field="size"]').textContent())!;
  // The model, its tokenizer and configs: over the ONNX file's 44.6 MB.
  expect(size).toMatch(/^\d+(\.\d)? MB$/);
  expect(Number.parseFloat(size)).toBeGreaterThan(44.6);
  await expect(card.locator('[data-field="total"]')).toHaveText(size);
  await expect(page.locator('.model-picker .choice', { hasText: 'Qwen3 tiny' }).locator('.tag', { hasText: 'Stored' })).toBeVisible();

  await item.getByRole('button', { name: 'Delete Qwen3 tiny (test model) (fp32)' }).click();
  await expect(item).toHaveCount(0);
  await expect(card.locator('[data-field="total"]')).toHaveCount(0);
  await expect(card).toContainText('Nothing stored yet');
  await expect(page.locator('.model-picker .tag', { hasText: 'Stored' })).toHaveCount(0);
  // Gone from IndexedDB, not only from the list: a reload lists nothing either.
  await page.reload();
  await expect(card).toContainText('Nothing stored yet');
});
