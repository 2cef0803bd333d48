/**
 * Long contexts at full size (issue 14): decode speed against the history
 * before it, the SDK beside bare transformers.js; and the first message after
 * a reload with a 2,000-token system prompt, with and without its KV cache
 * stored by `warmPrefix()`.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { openBenchPage } from './browser.js';
import { promptOf, settle, SHORT_PROMPT, type FullSizeContext } from './full-size.js';
import type { FullSizeRun, HistoryPoint, StoredPrefixFigures } from './full-size-results.js';
import type { Section } from './section.js';

/** History lengths of the decode table (about; 0 is the short prompt). */
export const HISTORY_TOKENS = [0, 1000, 2000, 4000] as const;
/**
 * Bare transformers.js stops at 2,000: its ~4,000-token prefill took 20
 * minutes here (issue 17's figures), for one number the 2,000 row already
 * shows the trend of.
 */
export const BARE_HISTORY_TOKENS = [0, 1000, 2000] as const;
/** The system prompt of the stored-prefix measurement (about, tokens). */
export const SYSTEM_PROMPT_TOKENS = 2000;

const historyPrompt = (tokens: number): string => (tokens === 0 ? SHORT_PROMPT : promptOf(tokens));

/** Decode after 0, 1k, 2k and 4k tokens of history: the SDK from IndexedDB (or the hub), then bare transformers.js; each after an unmeasured reply. */
export async function measureHistory(ctx: FullSizeContext, run: FullSizeRun, page: Page, section: Section): Promise<void> {
  const target = { model: ctx.served.model, host: ctx.served.host, device: ctx.backend, dtype: ctx.served.dtype, warmUp: false };
  const decodeTokens = ctx.plan.decodeTokens;
  const history: NonNullable<FullSizeRun['history']> = { decodeTokens, sdk: [], baseline: [] };
  run.history = history;
  await settle();
  // After the load, one unmeasured reply: the first runs pay for V8 tiering
  // ORT's WASM up, which would make the no-history row look slow.
  await section('SDK: load for the history table, and one unmeasured reply', async () => {
    await page.evaluate((t) => window.bench.sdkLoad(t), target);
    await page.evaluate((r) => window.bench.sdkDecode(r), { prompt: SHORT_PROMPT, maxNewTokens: decodeTokens });
  });
  try {
    for (const tokens of HISTORY_TOKENS) {
      await section(`SDK: decode ${decodeTokens} tokens after ~${tokens} tokens of history`, async () => {
        const reply = await page.evaluate((r) => window.bench.sdkDecode(r), { prompt: historyPrompt(tokens), maxNewTokens: decodeTokens });
        history.sdk.push({ historyTokens: tokens, reply } satisfies HistoryPoint);
      });
    }
  } finally {
    await page.evaluate(() => window.bench.sdkDispose()).catch(() => undefined);
  }
  await settle();
  await section('bare transformers.js: load for the history table, and one unmeasured reply', async () => {
    await page.evaluate((t) => window.bench.baselineLoad(t), target);
    await page.evaluate(([p, n]) => window.bench.baselineDecode(p, n), [SHORT_PROMPT, decodeTokens] as const);
  });
  try {
    for (const tokens of BARE_HISTORY_TOKENS) {
      await section(`bare transformers.js: decode ${decodeTokens} tokens after ~${tokens} tokens of history`, async () => {
        const reply = await page.evaluate(([p, n]) => window.bench.baselineDecode(p, n), [historyPrompt(tokens), decodeTokens] as const);
        history.baseline.push({ historyTokens: tokens, reply });
      });
    }
  } finally {
    await page.evaluate(() => window.bench.baselineDispose()).catch(() => undefined);
  }
}

/**
 * The first message of a visit, whose conversation starts with a ~2,000-token
 * system prompt: in a new page (a reload: fresh worker, weights from
 * IndexedDB) without a stored prefix, then — after `warmPrefix()` stored the
 * system prompt's KV cache in another page — in a new page again.
 */
export async function measureStoredPrefix(ctx: FullSizeContext, run: FullSizeRun, context: BrowserContext, section: Section): Promise<void> {
  const target = { model: ctx.served.model, host: ctx.served.host, device: ctx.backend, dtype: ctx.served.dtype, warmUp: false };
  const request = { system: promptOf(SYSTEM_PROMPT_TOKENS), prompt: SHORT_PROMPT, maxNewTokens: 1 };
  const figures: StoredPrefixFigures = { systemPromptTokens: SYSTEM_PROMPT_TOKENS };
  run.storedPrefix = figures;
  const inNewPage = async <T>(use: (page: Page) => Promise<T>): Promise<T> => {
    await settle();
    const page = await openBenchPage(context, ctx.baseUrl, run.browserErrors);
    try {
      await page.evaluate((t) => window.bench.sdkLoad(t), target);
      return await use(page);
    } finally {
      await page.evaluate(() => window.bench.sdkDispose()).catch(() => undefined);
      await page.close();
    }
  };
  await section('SDK: first message after a reload, ~2,000-token system prompt, nothing stored', async () => {
    figures.without = await inNewPage((page) => page.evaluate((r) => window.bench.sdkSystemReply(r), request));
  });
  await section('SDK: warmPrefix() of the system prompt', async () => {
    figures.warm = await inNewPage((page) => page.evaluate((system) => window.bench.sdkWarmPrefix(system), request.system));
  });
  await section('SDK: first message after a reload, the system prompt stored', async () => {
    figures.with = await inNewPage((page) => page.evaluate((r) => window.bench.sdkSystemReply(r), request));
  });
}
