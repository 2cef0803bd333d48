/**
 * The sections after the cold page closed: warm loads (new pages in the same
 * context, weights from IndexedDB), then the warm load's pieces one by one,
 * each in a fresh worker, and the SDK's per-step costs.
 */
import type { BrowserContext } from 'playwright-core';
import { openBenchPage } from './browser.js';
import type { LiveOutcome } from './measure-live.js';
import { QUESTIONS } from './plan.js';
import type { ModelRun } from './results.js';
import type { RunContext, Section } from './run-model.js';

/** Runs the warm-load sections. */
export async function measureWarm(ctx: RunContext, run: ModelRun, context: BrowserContext, section: Section, live: LiveOutcome): Promise<void> {
  const { plan } = ctx;
  if (plan.groups.includes('warm')) await warmLoads(ctx, run, context, section);
  if (plan.groups.includes('profile')) await profileWarmLoad(ctx, run, context, section, live);
}

async function warmLoads(ctx: RunContext, run: ModelRun, context: BrowserContext, section: Section): Promise<void> {
  const { served, plan } = ctx;
  const sdkTarget = { model: served.model, host: served.host, device: ctx.backend, dtype: served.dtype };
  await section(`warm load × ${plan.warmLoads} (new page, same context: from IndexedDB)`, async () => {
    for (let i = 0; i < plan.warmLoads; i++) {
      const page = await openBenchPage(context, ctx.baseUrl, run.browserErrors);
      served.hub?.reset();
      const result = await page.evaluate((t) => window.bench.sdkLoad(t), sdkTarget);
      const hubRequests = served.hub?.requests().filter((record) => record.repo === served.model).length ?? Number.NaN;
      const { files: _files, onnxFiles: _onnx, storedBytes: _bytes, ...figures } = result;
      run.load.warm.push({ ...figures, hubRequests });
      await page.evaluate(() => window.bench.sdkDispose());
      await page.close();
    }
  });
}

async function profileWarmLoad(ctx: RunContext, run: ModelRun, context: BrowserContext, section: Section, live: LiveOutcome): Promise<void> {
  const page = await openBenchPage(context, ctx.baseUrl, run.browserErrors);
  const { target, storedFiles, prompts } = live;
  const pieces = (run.load.profile ??= {});
  await section('warm-load profile: IndexedDB reads and chunk digests', async () => {
    Object.assign(pieces, await page.evaluate(([m, f]) => window.bench.storeProfile(m, f), [target.model, storedFiles] as const));
  });
  await section('warm-load profile: config, tokenizer and model from memory', async () => {
    const turns = { first: prompts[0] ?? [{ role: 'user' as const, content: QUESTIONS[0]! }], last: prompts.at(-1) ?? [] };
    const { tokenizer, ...times } = await page.evaluate(([t, f, u]) => window.bench.memoryProfile(t, f, u), [target, storedFiles, turns] as const);
    Object.assign(pieces, times);
    Object.assign(run.overheads, tokenizer);
  });
  await section('ORT InferenceSession.create(bytes), fresh worker', async () => {
    run.load.ortSession = await page.evaluate(([t, f]) => window.bench.ortSessions(t, f), [target, run.model.onnxFiles] as const);
  });
  await section('SDK per-step overheads', async () => {
    Object.assign(run.overheads, await page.evaluate(() => window.bench.stepOverheads()));
  });
  await page.close();
}
