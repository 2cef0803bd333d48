/**
 * The demo's JSON card on the tiny model, in the built demo: the random model
 * reasons (16 tokens, its budget on the test model), then its answer is held
 * to the card's schema, so the object shown always parses and matches — the
 * values are nonsense of the right types. The built demo bundles xgrammar
 * for production, which the dev-server tests do not show.
 */
import { attachScreenshot } from '../screenshot.js';
import { expect, test, tinyModelUrl, waitReady } from './demo-fixtures.js';

test('the JSON card extracts an object that matches its schema, after the model has thought', async ({ page, demoSite, hub }) => {
  await page.goto(tinyModelUrl(demoSite.url, hub.url));
  await waitReady(page);
  const card = page.locator('.json-card');
  await card.getByRole('button', { name: 'Extract' }).click();
  await expect(card.getByRole('status')).toContainText('Matches the schema', { timeout: 60_000 });
  // The budget's 16 tokens, then the forced stop-thinking text.
  const reasoningTokens = Number(/(\d+) reasoning tokens/.exec(await card.getByRole('status').innerText())?.[1]);
  expect(reasoningTokens).toBeGreaterThan(16);
  const object = JSON.parse(await card.locator('.json-card__result').innerText()) as Record<string, unknown>;
  expect(Object.keys(object)).toEqual(['name', 'born', 'city', 'occupation']);
  expect(typeof object['name']).toBe('string');
  // maxLength counts code points, as JSON Schema does (the random model writes astral characters).
  expect([...(object['name'] as string)].length).toBeLessThanOrEqual(40);
  expect(Number.isInteger(object['born']) && (object['born'] as number) >= 0 && (object['born'] as number) <= 2100).toBe(true);
  expect(['scientist', 'writer', 'programmer', 'artist', 'other']).toContain(object['occupation']);
  await card.scrollIntoViewIfNeeded();
  await attachScreenshot(page, 'demo-json');
});
