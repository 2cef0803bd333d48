/**
 * Fixtures for the React browser tests: `openChat(params)` opens the React
 * harness page against this worker's hub server and the tiny model, on WASM.
 *
 * Pages open in one browser context kept for the whole worker, so after the
 * first test the model loads from the browser's cache (as it would for a
 * returning user) instead of downloading again. A test that needs a first
 * visit (counting downloads, watching the progress bar, failing a
 * download) sets `test.use({ coldCache: true })` and gets a fresh context.
 */
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect, test as base, TINY_MODEL } from '../fixtures.js';

/** Query parameters of `react.html` (see react-harness.tsx). */
export type HarnessParams = Record<string, string | number>;

declare global {
  interface Window {
    /** Texts the streaming answer showed, in order (see {@link watchAnswer}). */
    __answers: string[];
  }
}

export const test = base.extend<
  { coldCache: boolean; openChat: (params?: HarnessParams) => Promise<Page> },
  { warmContext: BrowserContext }
>({
  coldCache: [false, { option: true }],
  warmContext: [
    async ({ browser }, use, workerInfo) => {
      const context = await browser.newContext({ baseURL: workerInfo.project.use.baseURL });
      await use(context);
      await context.close();
    },
    { scope: 'worker' },
  ],
  page: async ({ page, coldCache, warmContext }, use) => {
    if (coldCache) {
      await use(page);
      return;
    }
    const warmPage = await warmContext.newPage();
    await use(warmPage);
    await warmPage.close();
  },
  openChat: async ({ page, hub, consoleErrors }, use) => {
    hub.reset();
    hub.clearFaults();
    await use(async (params = {}) => {
      const query = new URLSearchParams({ host: hub.url, model: TINY_MODEL, device: 'wasm', temperature: '0' });
      for (const [key, value] of Object.entries(params)) query.set(key, String(value));
      await page.goto(`/test/browser/harness/react.html?${query}`);
      await expect(page.locator('#status')).toHaveText('ready');
      return page;
    });
    if (consoleErrors.length > 0) await test.info().attach('console-errors', { body: consoleErrors.join('\n') });
  },
});

/** The (first) chat's root element. */
export function chatRoot(page: Page, index = 0): Locator {
  return page.locator('.qwen3-chat').nth(index);
}

/** Waits until the chat is ready for a message (the model loaded, the reply done). Loads can be slow on a busy 2-core machine. */
export async function waitReady(chat: Locator, timeout = 60_000): Promise<void> {
  await expect(chat).toHaveAttribute('data-status', 'ready', { timeout });
}

/** Types a message in the chat's box and presses Send. */
export async function send(chat: Locator, text: string): Promise<void> {
  await chat.getByRole('textbox', { name: 'Message' }).fill(text);
  await chat.getByRole('button', { name: 'Send' }).click();
}

/** Records every distinct text the latest (aria-live) answer shows, into `window.__answers`. */
export async function watchAnswer(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__answers = [];
    const log = document.querySelector('.qwen3-chat__log');
    if (!log) throw new Error('no chat log');
    new MutationObserver(() => {
      const answers = document.querySelectorAll('.qwen3-chat__answer[aria-live="polite"]');
      const text = answers[answers.length - 1]?.textContent ?? '';
      if (text !== '' && window.__answers.at(-1) !== text) window.__answers.push(text);
    }).observe(log, { subtree: true, childList: true, characterData: true });
  });
}

/** Replies the harness saw finish (`onFinish`), in order. */
export function finishes(page: Page): Promise<Array<{ reason: string; text: string; reasoningTokens: number | undefined }>> {
  return page.evaluate(() => window.__record.finishes);
}

export { expect, TINY_MODEL };
