/**
 * One backend × one model: every measurement, in an order that keeps them
 * apart. A fresh browser context gives the cold load (empty IndexedDB, empty
 * HTTP cache); new pages in that context give the warm loads. A section that
 * fails is recorded and the run goes on: a benchmark reports, it never stops
 * at the first problem.
 */
import type { Browser } from 'playwright-core';
import type { Backend } from '../shared/figures.js';
import { openBenchPage } from './browser.js';
import { measureLive } from './measure-live.js';
import { measureWarm } from './measure-warm.js';
import type { BackendPlan } from './plan.js';
import type { ModelRun } from './results.js';
import { firstLine, sectionRunner } from './section.js';
import type { ServedModel } from './servers.js';

/** What a run needs from its caller. */
export interface RunContext {
  browser: Browser;
  baseUrl: string;
  backend: Backend;
  served: ServedModel;
  plan: BackendPlan;
  log: (line: string) => void;
}

export type { Section } from './section.js';


function emptyRun(ctx: RunContext): ModelRun {
  const { served } = ctx;
  return {
    backend: ctx.backend,
    model: { label: served.label, id: served.model, host: served.host, source: served.source, dtype: served.dtype, storedBytes: 0, onnxFiles: [] },
    plan: ctx.plan,
    load: { warm: [], warmNoWarmUp: [], ortSessions: [] },
    decode: { sdk: [], baseline: [], sdkSampled: [] },
    conversation: { reuse: [], reuseAtOnce: [], noReuse: [], baseline: [] },
    streaming: [],
    overheads: {},
    errors: [],
    browserErrors: [],
    wallSeconds: 0,
  };
}

/** Runs every section for one backend and model. */
export async function runModel(ctx: RunContext): Promise<ModelRun> {
  const started = Date.now();
  const run = emptyRun(ctx);
  const section = sectionRunner(run.errors, ctx.log);
  const context = await ctx.browser.newContext();
  try {
    const live = await measureLive(ctx, run, context, section);
    if (live) await measureWarm(ctx, run, context, section, live);
  } catch (error) {
    // Outside any section (the page itself went away): keep what was measured.
    run.errors.push(`run: ${firstLine(error)}`);
  } finally {
    await context.close();
  }
  run.wallSeconds = (Date.now() - started) / 1000;
  return run;
}

/** Opens a throwaway context and spawns every worker once, so Vite has transformed all modules before timing. */
export async function warmUpVite(browser: Browser, baseUrl: string): Promise<void> {
  const context = await browser.newContext();
  try {
    const page = await openBenchPage(context, baseUrl, []);
    await page.evaluate(() => window.bench.warmUp());
  } finally {
    await context.close();
  }
}
