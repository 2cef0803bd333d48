/**
 * A zero-prop `<Qwen3Chat />`, tried as a new user would: with the default
 * (finite) thinking budget and no `maxNewTokens`, the reply reaches an
 * answer after its reasoning, and its messages carry stable ids. The tiny random model never closes its think
 * block, so only the budget can end the reasoning: it is the case a real
 * model that thinks at length would hit.
 */
import { attachScreenshot } from '../screenshot.js';
import { chatRoot, expect, send, test, TINY_MODEL, waitReady } from './react-fixtures.js';

test('a zero-prop <Qwen3Chat /> shows an answer after its reasoning', async ({ page, hub }) => {
  // Run alone, this page downloads the model first (56 MB, slow on a busy 2-core machine).
  test.setTimeout(240_000);
  hub.reset();
  await page.goto(`/test/browser/harness/chat-zero-props.html?${new URLSearchParams({ host: hub.url, model: TINY_MODEL })}`);
  await expect(page.locator('#status')).toHaveText('ready');
  const chat = chatRoot(page);
  await waitReady(chat, 150_000);
  // A finite default, chosen from the device's speed: never "Unlimited".
  const slider = chat.getByRole('slider', { name: 'Thinking budget' });
  const label = await slider.getAttribute('aria-valuetext');
  expect(label).toMatch(/^\d+ tokens$/);
  const budget = Number(label!.split(' ')[0]);
  expect(budget).toBeGreaterThanOrEqual(128);

  await send(chat, 'Hello');
  // The reasoning runs to the budget, then the answer streams.
  const reasoning = chat.getByRole('button', { name: /^(Thinking|Thought)/ });
  await expect(reasoning).toHaveText('Thinking…');
  // Every message has an id, and the reply keeps its id from its first frame to its end.
  const reply = chat.locator('[data-role="assistant"]');
  const replyId = await reply.getAttribute('data-message-id');
  expect(replyId).toMatch(/^\w{16}$/);
  expect(await chat.locator('[data-role="user"]').getAttribute('data-message-id')).toMatch(/^\w{16}$/);
  await expect(reasoning).toHaveText(/^Thought for [\d.]+ s · \d+ tokens$/, { timeout: 90_000 });
  // The budget's tokens, plus the stop-thinking instruction it forced (about 25).
  const thought = Number(/· (\d+) tokens/.exec((await reasoning.textContent()) ?? '')?.[1]);
  expect(thought).toBeGreaterThanOrEqual(budget);
  expect(thought).toBeLessThanOrEqual(budget + 40);
  const answer = chat.locator('.qwen3-chat__answer').last();
  await expect(answer).not.toBeEmpty();
  await expect(chat.getByText('token limit reached')).toHaveCount(0);
  // The tiny model would ramble for the whole answer allowance: enough seen.
  await chat.getByRole('button', { name: 'Stop' }).click();
  await waitReady(chat);
  expect((await answer.textContent())!.trim().length).toBeGreaterThan(0);
  await expect(reply).toHaveAttribute('data-message-id', replyId!);
  await attachScreenshot(chat, 'zero-props-answer', { animations: 'disabled' });
});
