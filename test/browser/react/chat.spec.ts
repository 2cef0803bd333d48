/** <Qwen3Chat> with the real worker and the tiny model: sending, streaming, thinking, stop, regenerate. */
import { STOP_THINKING_TOKENS } from '../../../src/core/token-allowance.js';
import { attachScreenshot } from '../screenshot.js';
import { chatRoot, expect, finishes, send, test, waitReady, watchAnswer } from './react-fixtures.js';

test('type and send: the answer streams in, then Copy, Regenerate and the stats appear', async ({ openChat }) => {
  // A long answer (about a second on WASM): many frames paint it, however busy the machine.
  const page = await openChat({ thinking: 0, maxNewTokens: 400 });
  const chat = chatRoot(page);
  await waitReady(chat);
  await watchAnswer(page);
  await send(chat, 'Write a short poem about the sea.');
  await expect(chat.locator('[data-role="user"]')).toContainText('Write a short poem about the sea.');
  // While it streams, Send becomes Stop.
  await expect(chat.getByRole('button', { name: 'Stop' })).toBeVisible();
  await waitReady(chat);
  const [finish] = await finishes(page);
  expect(finish?.reason).toBe('length');
  const answers = await page.evaluate(() => window.__answers);
  // Several partial texts were painted before the final one, each extending the last.
  expect(answers.length).toBeGreaterThan(2);
  for (let i = 1; i < answers.length; i++) expect(answers[i]!.startsWith(answers[i - 1]!.slice(0, -1))).toBe(true);
  const answer = chat.locator('.qwen3-chat__answer').last();
  await expect(answer).toHaveAttribute('aria-live', 'polite');
  await expect(answer).toHaveAttribute('aria-busy', 'false');
  expect((await answer.textContent())?.length).toBeGreaterThan(10);
  await expect(chat.getByRole('button', { name: 'Copy' })).toBeVisible();
  await expect(chat.getByRole('button', { name: 'Regenerate' })).toBeVisible();
  await expect(chat.locator('.qwen3-chat__stats')).toContainText(/to first token · [\d.]+ tok\/s/);
  await expect(chat.getByRole('button', { name: 'Send' })).toBeVisible();
});

test('thinking off: no reasoning block, only an answer', async ({ openChat }) => {
  const page = await openChat({ maxNewTokens: 16 });
  const chat = chatRoot(page);
  const think = chat.getByRole('switch', { name: 'Think' });
  await expect(think).toHaveAttribute('aria-checked', 'true');
  await think.click();
  await expect(think).toHaveAttribute('aria-checked', 'false');
  await expect(chat.getByRole('slider', { name: 'Thinking budget' })).toBeDisabled();
  await waitReady(chat);
  await send(chat, 'Hello');
  await waitReady(chat);
  await expect(chat.locator('[data-role="assistant"]')).toHaveCount(1);
  await expect(chat.locator('.qwen3-chat__reasoning')).toHaveCount(0);
  await expect(chat.getByRole('button', { name: /^(Thinking|Thought)/ })).toHaveCount(0);
  expect((await finishes(page))[0]?.reasoningTokens).toBeUndefined();
});

test('budget slider at 16: the reasoning stops after 16 tokens (plus the forced stop-thinking instruction), then the answer follows', async ({ openChat }) => {
  const page = await openChat({ maxNewTokens: 64 });
  const chat = chatRoot(page);
  const slider = chat.getByRole('slider', { name: 'Thinking budget' });
  // The default is a finite budget chosen from the device's speed; the top position means unlimited.
  await expect(slider).toHaveAttribute('aria-valuetext', /^\d+ tokens$/);
  await slider.fill('10');
  await expect(slider).toHaveAttribute('aria-valuetext', 'Unlimited');
  await slider.fill('1');
  await expect(slider).toHaveAttribute('aria-valuetext', '16 tokens');
  await expect(chat.locator('.qwen3-chat__budget-value')).toHaveText('16 tokens');
  await waitReady(chat);
  await send(chat, 'Think briefly, then answer.');
  const reasoning = chat.getByRole('button', { name: /^(Thinking|Thought)/ });
  // 16 tokens take a few tens of ms: the live "Thinking…" label is checked on a long reasoning below.
  await waitReady(chat);
  await expect(reasoning).toHaveText(/^Thought for [\d.]+ s · \d+ tokens$/);
  // Reasoning tokens: the budget, and (as usage counts them) the stop-thinking instruction it forced.
  const thought = Number(/· (\d+) tokens/.exec((await reasoning.textContent()) ?? '')?.[1]);
  expect(thought).toBeGreaterThanOrEqual(16);
  expect(thought).toBeLessThanOrEqual(16 + STOP_THINKING_TOKENS);
  await expect(reasoning).toHaveAttribute('aria-expanded', 'false');
  const answer = chat.locator('.qwen3-chat__answer').last();
  expect((await answer.textContent())?.length).toBeGreaterThan(0);
  // Expanding shows the reasoning text, apart from the answer.
  await reasoning.click();
  await expect(reasoning).toHaveAttribute('aria-expanded', 'true');
  const body = chat.locator('.qwen3-chat__reasoning-body');
  await expect(body).toBeVisible();
  expect((await body.textContent())?.length).toBeGreaterThan(0);
  const [finish] = await finishes(page);
  expect(finish?.reasoningTokens).toBe(thought);
});

test('while the reasoning streams the block says Thinking…; Stop turns it into Thought for', async ({ openChat }) => {
  // Unlimited budget: the tiny model never closes its think block, so the reasoning runs for all 2000 tokens.
  const page = await openChat({ maxNewTokens: 2000, budget: 'inf' });
  const chat = chatRoot(page);
  await waitReady(chat);
  await send(chat, 'Think it through.');
  const reasoning = chat.getByRole('button', { name: /^(Thinking|Thought)/ });
  await expect(reasoning).toHaveText(/^Thinking…$/);
  await chat.getByRole('button', { name: 'Stop' }).click();
  await waitReady(chat);
  // A stopped reply stays as the user saw it: its time, but no token count
  // (the engine's count includes tokens made after the click).
  await expect(reasoning).toHaveText(/^Thought for [\d.]+ s$/);
  const [finish] = await finishes(page);
  expect(finish?.reason).toBe('aborted');
});

test('Stop mid-stream keeps the partial answer', async ({ openChat }) => {
  const page = await openChat({ thinking: 0, maxNewTokens: 600 });
  const chat = chatRoot(page);
  await waitReady(chat);
  await send(chat, 'Tell me a long story.');
  const answer = chat.locator('.qwen3-chat__answer').last();
  await expect(answer).not.toBeEmpty();
  await chat.getByRole('button', { name: 'Stop' }).click();
  await waitReady(chat);
  const partial = await answer.textContent();
  expect(partial?.length).toBeGreaterThan(0);
  await page.waitForTimeout(500);
  await expect(answer).toHaveText(partial!);
  const [finish] = await finishes(page);
  expect(finish?.reason).toBe('aborted');
  // onFinish got the partial reply (Markdown source; the DOM shows it rendered).
  expect(finish?.text.length).toBeGreaterThan(0);
  expect(finish?.text.length).toBeLessThan(600 * 8);
  // The figures of the stopped reply arrive, the reply stays usable.
  await expect(chat.locator('.qwen3-chat__stats')).toBeVisible();
  await expect(chat.getByRole('button', { name: 'Regenerate' })).toBeVisible();
});

test('Regenerate replaces the last answer with a new one', async ({ openChat }) => {
  // Sampling (no temperature=0), so the second answer differs from the first.
  const page = await openChat({ thinking: 0, maxNewTokens: 24, temperature: 0.9 });
  const chat = chatRoot(page);
  await waitReady(chat);
  await send(chat, 'Say something.');
  await waitReady(chat);
  const first = await chat.locator('.qwen3-chat__answer').last().textContent();
  await chat.getByRole('button', { name: 'Regenerate' }).click();
  // A 24-token reply can end before a check for Stop would run: wait for the second finish instead.
  await expect.poll(async () => (await finishes(page)).length).toBe(2);
  await waitReady(chat);
  await expect(chat.locator('[data-role="user"]')).toHaveCount(1);
  await expect(chat.locator('[data-role="assistant"]')).toHaveCount(1);
  const second = await chat.locator('.qwen3-chat__answer').last().textContent();
  const done = await finishes(page);
  expect(done).toHaveLength(2);
  expect(done[1]?.text).not.toBe(done[0]?.text);
  expect(second).not.toBe(first);
});

test('a long conversation in a small window: a quiet note past 80 % of the context, then one saying the oldest exchange was left out', async ({ openChat }) => {
  const page = await openChat({ thinking: 0, maxNewTokens: 24, contextWindow: 200 });
  const chat = chatRoot(page);
  const note = chat.locator('.qwen3-chat__context');
  await waitReady(chat);
  const seen: string[] = [];
  const trimmedNote = / (was|were) left out\.$/;
  for (let turn = 0; turn < 8 && !seen.some((text) => trimmedNote.test(text)); turn++) {
    await send(chat, `Tell me about the lighthouse on day ${turn}.`);
    await waitReady(chat);
    // The usage is measured in the worker after the reply: give it a moment.
    await page.waitForTimeout(200);
    if (await note.isVisible()) seen.push((await note.textContent()) ?? '');
  }
  // First the warning, then (at a later turn) the trim; every reply still came.
  expect(seen.find((text) => /Context \d+ % full/.test(text))).toBeDefined();
  expect(seen.at(-1)).toMatch(/^The oldest (\d+ )?exchanges? no longer fits? in the model's memory and (was|were) left out\.$/);
  expect(seen.findIndex((text) => /full/.test(text))).toBeLessThan(seen.findIndex((text) => trimmedNote.test(text)));
  const done = await finishes(page);
  expect(done.every((finish) => finish.text.length > 0)).toBe(true);
  await expect(note).toHaveAttribute('role', 'status');
  await attachScreenshot(chat, 'context-note');
});

test('tools: the chat runs a tool the model calls, shows the call with its result, and the reply goes on', async ({ openChat }) => {
  // The tiny model's weights are random: `toolChoice` makes the reply to the
  // message call `get_time` (whole, as it has no parameters); the reply after
  // the result chooses freely, and this model writes text.
  const page = await openChat({ tools: 'clock', thinking: 0, maxNewTokens: 24 });
  const chat = chatRoot(page);
  await waitReady(chat);
  await send(chat, 'What time is it?');
  await waitReady(chat);
  const card = chat.locator('.qwen3-chat__tool-call');
  await expect(card).toHaveCount(1);
  // The call ran once, in the page, and its result shows under it.
  await expect(card).toHaveAttribute('data-state', 'done');
  await expect(card).toContainText('Called get_time');
  await expect(card.locator('.qwen3-chat__tool-result')).toHaveText('Result 14:05');
  expect(await page.evaluate(() => window.__record.toolRuns)).toBe(1);
  const reasons = (await finishes(page)).map((finish) => finish.reason);
  expect(reasons[0]).toBe('tool-calls');
  expect(reasons).toHaveLength(2);
  // Tool results are not shown as messages of their own: two replies, the second with text.
  await expect(chat.locator('[data-role="assistant"]')).toHaveCount(2);
  expect(((await chat.locator('.qwen3-chat__answer').last().textContent()) ?? '').length).toBeGreaterThan(0);
  await attachScreenshot(page, 'tool-calls');
});
