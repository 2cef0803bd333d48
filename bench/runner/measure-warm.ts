/**
 * The sections after the cold page closed: warm loads (new pages in the same
 * context, weights from IndexedDB), then the warm load's pieces one by one,
 * each in a fresh worker, and the SDK's per-step costs.
 */
import type { BrowserContext } from 'playwright-core';
import { openBenchPage } from './browser.js';
import type { LiveOutcome } from './measure-live.js';
import { DECODE_PROMPT, QUESTIONS } from './plan.js';
import type { ModelRun } from './results.js';
import type { RunContext, Section } from './run-model.js';

/** Runs the warm-load sections. */
export async function measureWarm(ctx: RunContext, run: ModelRun, context: BrowserContext, section: Section, live: LiveOutcome): Promise<void> {
  const { plan } = ctx;
  if (plan.groups.includes('warm')) await warmLoads(ctx, run, context, section, live);
  if (plan.groups.includes('profile')) await profileWarmLoad(ctx, run, context, section, live);
}

/**
 * Warm loads, alternating the SDK's default (with its warm-up reply) and
 * `warmUp: false`, each in a new page of the context that holds the weights;
 * each pair followed by a bare ORT session creation in a fresh worker, so a
 * warm load and its floor are measured side by side, under the same load.
 */
async function warmLoads(ctx: RunContext, run: ModelRun, context: BrowserContext, section: Section, live: LiveOutcome): Promise<void> {
  const { served, plan } = ctx;
  await section(`warm load × ${plan.warmLoads}: with and without the warm-up reply (new page: from IndexedDB), then bare ORT`, async () => {
    for (let i = 0; i < plan.warmLoads; i++) {
      for (const warmUp of [true, false]) {
        const page = await openBenchPage(context, ctx.baseUrl, run.browserErrors);
        await served.log?.reset();
        const target = { model: served.model, host: served.host, device: ctx.backend, dtype: served.dtype, ...(warmUp ? {} : { warmUp }) };
        const { files: _files, onnxFiles: _onnx, storedBytes: _bytes, ...figures } = await page.evaluate((t) => window.bench.sdkLoad(t), target);
        const hubRequests = (await served.log?.requestsFor(served.model))?.length ?? Number.NaN;
        const first = await page.evaluate((r) => window.bench.sdkDecode(r), { prompt: QUESTIONS[0]!, maxNewTokens: 1 });
        (warmUp ? run.load.warm : run.load.warmNoWarmUp).push({ ...figures, hubRequests, firstTextAfterLoadMs: first.pageFirstTextMs });
        await page.evaluate(() => window.bench.sdkDispose());
        if (!warmUp) {
          run.load.ortSessions.push(await page.evaluate(([t, f]) => window.bench.ortSessions(t, f), [live.target, run.model.onnxFiles] as const));
        }
        await page.close();
      }
    }
  });
}

async function profileWarmLoad(ctx: RunContext, run: ModelRun, context: BrowserContext, section: Section, live: LiveOutcome): Promise<void> {
  const page = await openBenchPage(context, ctx.baseUrl, run.browserErrors);
  const { target, storedFiles, prompts } = live;
  const pieces = (run.load.profile ??= {});
  await section("warm-load profile: the SDK's loadModel traced from inside", async () => {
    run.load.trace = await page.evaluate((t) => window.bench.sdkLoadTrace(t, true), target);
  });
  await section('warm-load profile: IndexedDB reads and chunk digests', async () => {
    Object.assign(pieces, await page.evaluate(([m, f]) => window.bench.storeProfile(m, f), [target.model, storedFiles] as const));
  });
  await section('warm-load profile: config, tokenizer and model from memory', async () => {
    const turns = { first: prompts[0] ?? [{ role: 'user' as const, content: QUESTIONS[0]! }], last: prompts.at(-1) ?? [] };
    const { tokenizer, ...times } = await page.evaluate(([t, f, u]) => window.bench.memoryProfile(t, f, u), [target, storedFiles, turns] as const);
    Object.assign(pieces, times);
    Object.assign(run.overheads, tokenizer);
  });
  if (ctx.plan.ablation) {
    // Many short rounds rather than a few long ones: on a shared machine the
    // load comes in bursts, and rotating short runs spreads them evenly.
    const rounds = 6;
    const tokens = Math.min(64, ctx.plan.decodeTokens);
    await section(`decode ablation: SDK reply path with and without its hop, and bare, one session, ${rounds} × ${tokens} tokens`, async () => {
      run.decode.ablation = await page.evaluate(([t, p, n, r]) => window.bench.decodeAblation(t, p, n, r), [target, DECODE_PROMPT, tokens, rounds] as const);
    });
  }
  await section('SDK per-step overheads', async () => {
    Object.assign(run.overheads, await page.evaluate(() => window.bench.stepOverheads()));
  });
  await page.close();
}
