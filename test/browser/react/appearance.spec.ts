/**
 * How <Qwen3Chat> looks: screenshots in light and dark, at 320 px, while
 * loading and after an error (attached to the report for a human to look
 * at), and style isolation from an aggressive host page.
 */
import { chatRoot, expect, send, test, waitReady } from './react-fixtures.js';
import { attachScreenshot } from '../screenshot.js';

test('light, dark and 320 px: screenshots of a conversation with reasoning and Markdown', async ({ openChat }) => {
  const page = await openChat({ theme: 'light', demo: 1, width: 560, budget: 16, maxNewTokens: 48 });
  await page.setViewportSize({ width: 640, height: 760 });
  const chat = chatRoot(page);
  await waitReady(chat);
  await send(chat, 'Tell me about the budget.');
  await waitReady(chat);
  await chat.getByRole('button', { name: /^Thought/ }).last().click();
  await chat.getByRole('textbox', { name: 'Message' }).focus();
  // The same chat (model loaded, conversation kept) in each look.
  for (const [name, view] of [
    ['light', { theme: 'light', width: 560 }],
    ['dark', { theme: 'dark', width: 560 }],
    ['narrow-320', { theme: 'light', width: 320 }],
    ['narrow-320-dark', { theme: 'dark', width: 320 }],
  ] as const) {
    await page.evaluate((next) => window.__setView(next), view);
    await expect(chat).toHaveAttribute('data-theme', view.theme);
    await chat.locator('.qwen3-chat__log').evaluate((log) => log.scrollTo({ top: log.scrollHeight }));
    const box = await chat.boundingBox();
    expect(box?.width).toBeCloseTo(view.width, 0);
    // Nothing outside the scrolling conversation sticks out sideways, even at 320 px.
    const overflow = await chat.evaluate((root) => {
      const limit = root.getBoundingClientRect().right + 0.5;
      return [...root.querySelectorAll('*')]
        .filter((el) => el.getBoundingClientRect().right > limit && el.getBoundingClientRect().width > 0 && !el.closest('.qwen3-chat__log'))
        .map((el) => el.className);
    });
    expect(overflow).toEqual([]);
    // …and the conversation never needs a sideways scroll (long words wrap, code scrolls in its own box).
    expect(await chat.locator('.qwen3-chat__log').evaluate((log) => log.scrollWidth - log.clientWidth)).toBeLessThanOrEqual(0);
    await attachScreenshot(chat, name, { animations: 'disabled' });
  }
});

test.describe('first visit', () => {
  test.use({ coldCache: true });

  test('loading: a progress bar with bytes and time left; then ready', async ({ openChat, hub }) => {
    hub.addFault({ match: 'onnx/model.onnx', kind: 'throttle', bytesPerSecond: 12_000_000 });
    const page = await openChat({ theme: 'light', width: 480 });
    const chat = chatRoot(page);
    const bar = chat.getByRole('progressbar');
    await expect(bar).toBeVisible();
    await expect(chat.locator('.qwen3-chat__progress-detail')).toContainText(/MB of [\d.]+ MB .* left/);
    expect(Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(0);
    await attachScreenshot(chat, 'loading');
    await waitReady(chat);
    await expect(bar).toHaveCount(0);
    await expect(chat.locator('.qwen3-chat__badge')).toHaveText('WASM · on device');
  });

  test('an error shows a banner with Retry, which recovers', async ({ openChat, hub }) => {
    // Only config.json itself (not generation_config.json or tokenizer_config.json).
    hub.addFault({ match: /(^|\/)config\.json$/, kind: 'status', status: 500, times: 1 });
    const page = await openChat({ theme: 'dark', width: 480 });
    const chat = chatRoot(page);
    const alert = chat.getByRole('alert');
    await expect(alert).toBeVisible();
    await expect(chat).toHaveAttribute('data-status', 'error');
    await attachScreenshot(chat, 'error');
    await alert.getByRole('button', { name: 'Retry' }).click();
    await waitReady(chat);
    await expect(alert).toHaveCount(0);
    expect(await page.evaluate(() => window.__record.errors.map((e) => e.code))).toEqual(['NETWORK']);
  });
});

test('style isolation: hostile host CSS does not break the chat, and the chat does not touch the host', async ({ openChat }) => {
  const page = await openChat({ hostile: 1, theme: 'light', demo: 1, width: 420, autoLoad: 0 });
  const chat = chatRoot(page);
  await expect(chat.getByRole('button', { name: 'Copy' })).toBeVisible();
  const inside = await chat.evaluate((root) => {
    const style = (selector: string) => getComputedStyle(root.querySelector(selector)!);
    return {
      copyTransform: style('.qwen3-chat__action').textTransform,
      copyPadding: style('.qwen3-chat__action').paddingTop,
      paragraphMargin: style('.qwen3-chat__md p').marginTop,
      paragraphColor: style('.qwen3-chat__md p').color,
      titleSize: style('.qwen3-chat__title').fontSize,
      textareaBorder: style('.qwen3-chat__input').borderTopWidth,
      boxSizing: style('.qwen3-chat__send').boxSizing,
    };
  });
  expect(inside).toEqual({
    copyTransform: 'none',
    copyPadding: '3px',
    paragraphMargin: '0px',
    paragraphColor: 'rgb(23, 24, 28)',
    titleSize: '15px',
    textareaBorder: '0px',
    boxSizing: 'border-box',
  });
  const host = await page.locator('#host-button').evaluate((button) => {
    const style = getComputedStyle(button);
    return { background: style.backgroundColor, transform: style.textTransform, padding: style.paddingTop };
  });
  expect(host).toEqual({ background: 'rgb(0, 128, 0)', transform: 'uppercase', padding: '20px' });
  // The stylesheet is injected once, scoped: every selector starts at the root class (or is an at-rule).
  const selectors = await page.evaluate(() => {
    const sheet = [...document.styleSheets].find((s) => (s.ownerNode as Element | null)?.id?.startsWith('qwen3-chat-styles'));
    const out: string[] = [];
    const walk = (rules: CSSRuleList) => {
      for (const rule of rules) {
        if (rule instanceof CSSStyleRule) out.push(rule.selectorText);
        else if ('cssRules' in rule) walk((rule as CSSGroupingRule).cssRules);
      }
    };
    if (sheet) walk(sheet.cssRules);
    return out;
  });
  expect(selectors.length).toBeGreaterThan(50);
  for (const selector of selectors) {
    for (const part of selector.split(/,(?![^(]*\))/)) expect(part.trim(), selector).toMatch(/^\.qwen3-chat\b/);
  }
  await attachScreenshot(page, 'hostile-host', { fullPage: true });
});

test('under a CSP that allows only nonced styles, the nonce prop lets the stylesheet in', async ({ page, openChat }) => {
  await page.route(/\/react\.html/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': "style-src 'self' 'nonce-qwen3test'" } });
  });
  const titleSize = async (params: Record<string, string | number>) => {
    const opened = await openChat({ autoLoad: 0, demo: 1, theme: 'light', ...params });
    const chat = chatRoot(opened);
    await expect(chat.getByRole('button', { name: 'Copy' })).toBeVisible();
    return chat.locator('.qwen3-chat__title').evaluate((title) => getComputedStyle(title).fontSize);
  };
  expect(await titleSize({ nonce: 'qwen3test' })).toBe('15px');
  // The same page without the nonce: the policy blocks the stylesheet.
  expect(await titleSize({})).not.toBe('15px');
});
