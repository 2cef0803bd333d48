/**
 * `--full-size`: the random-weight model with Qwen3-0.6B's exact shape
 * (builder style, q4, two external-data chunks, ~0.4 GB), on a short plan —
 * q4 decodes about 1 token/s on WASM on 2 cores (MatMulNBits, issue 17), so
 * each figure is measured once. In one fresh browser context: the SDK's cold
 * load through the hub into IndexedDB, its time to first token on a
 * ~1,000-token prompt and its decode at 0 and ~2,000 tokens of history; the
 * same on bare transformers.js in its own worker; the SDK's warm load beside a
 * bare `InferenceSession.create(bytes)`; and bare transformers.js on a copy of
 * the model without `num_logits_to_keep`, for what that input saves in
 * prefill. The browser's memory (PSS of its processes) is sampled throughout.
 */
import type { Browser, Page } from 'playwright-core';
import type { Backend, ReplyFigures } from '../shared/figures.js';
import { openBenchPage } from './browser.js';
import type { FullSizePlan, FullSizeRun, FullSizeSubject, ThreadsFigures, WithoutKeepFigures } from './full-size-results.js';
import type { MachineInfo } from './results.js';
import { browserPssBytes, watchPeakMemory } from './memory.js';
import { firstLine, sectionRunner, type Section } from './section.js';
import type { FullSizePart } from './args.js';
import { measureMemoryBack, measureOps, onnxFilesOf } from './full-size-probes.js';
import { measureHistory, measureStoredPrefix } from './full-size-context.js';
import type { ServedModel } from './servers.js';

/** Prompt of the per-thread-count prefill measurement (one chunk of the SDK's prefill). */
const THREADS_PREFILL_TOKENS = 256;

/** The plan: one measurement each. */
export const FULL_SIZE_PLAN: FullSizePlan = { ttftPromptTokens: 1000, historyTokens: 2000, decodeTokens: 8 };

/**
 * One sentence of 25 tokens (Qwen3's tokenizer), repeated: 40 copies and the
 * chat template make a 1,013-token prompt, 80 copies 2,013.
 */
const SENTENCE = 'The keeper climbed the spiral stairs, lit the lamp, wrote the weather in the log and watched the ships pass the rocks. ';
export const SHORT_PROMPT = 'Write a long story about a lighthouse keeper.';

/** A prompt of about `tokens` tokens (template included). */
export function promptOf(tokens: number): string {
  return SENTENCE.repeat(Math.round(tokens / 25)).trim();
}

/** What a full-size run needs. */
export interface FullSizeContext {
  browser: Browser;
  baseUrl: string;
  backend: Backend;
  served: ServedModel;
  /** The same weights without the `num_logits_to_keep` input. */
  withoutKeep: ServedModel;
  files: Record<string, number>;
  plan: FullSizePlan;
  /** WASM thread counts to measure decode at (empty: none). */
  threads: readonly number[];
  /** What to measure: the plan, the per-op profile, the memory probe. */
  parts: readonly FullSizePart[];
  machine: MachineInfo;
  log: (line: string) => void;
}


/** Lets a disposed worker's memory go back before the next phase's baseline level. */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 2000));

/** Runs the full-size plan on one backend; a failed section is recorded, the rest still runs. */
export async function runFullSize(ctx: FullSizeContext): Promise<FullSizeRun> {
  const started = Date.now();
  const { served, plan, backend } = ctx;
  const run: FullSizeRun = {
    backend,
    model: { id: served.model, dtype: served.dtype, files: ctx.files, storedBytes: 0 },
    plan,
    idleMemoryBytes: Number.NaN,
    coldHub: { requests: Number.NaN, bytes: Number.NaN },
    machine: ctx.machine,
    errors: [],
    browserErrors: [],
    wallSeconds: 0,
  };
  const section = sectionRunner(run.errors, ctx.log);
  const context = await ctx.browser.newContext();
  try {
    const page = await openBenchPage(context, ctx.baseUrl, run.browserErrors);
    run.idleMemoryBytes = browserPssBytes();
    if (ctx.parts.includes('plan')) await measurePlan(ctx, run, context, page, section);
    if (ctx.parts.includes('logits')) await measureWithoutKeep(ctx, run, page, section);
    if (ctx.parts.includes('ops')) await measureOps(ctx, run, page, section);
    if (ctx.parts.includes('memory')) await measureMemoryBack(ctx, run, page, section);
    if (ctx.parts.includes('history')) await measureHistory(ctx, run, page, section);
    if (ctx.parts.includes('prefix')) await measureStoredPrefix(ctx, run, context, section);
    await page.close();
  } catch (error) {
    run.errors.push(`run: ${firstLine(error)}`);
  } finally {
    await context.close();
  }
  run.wallSeconds = (Date.now() - started) / 1000;
  return run;
}

/** The plan: bandwidth, SDK and bare transformers.js, warm load, threads, the copy without num_logits_to_keep. */
async function measurePlan(ctx: FullSizeContext, run: FullSizeRun, context: Awaited<ReturnType<Browser['newContext']>>, page: Page, section: Section): Promise<void> {
  const { served, plan, backend } = ctx;
  const target = { model: served.model, host: served.host, device: backend, dtype: served.dtype, warmUp: false };
  const long = promptOf(plan.ttftPromptTokens);
  const history = promptOf(plan.historyTokens);
    await section('read bandwidth (WASM SIMD, 512 MiB, best of 5)', async () => {
      run.readBytesPerSecond = await page.evaluate(() => window.bench.readBandwidth());
    });

    // The SDK, then bare transformers.js, each alone in memory.
    const sdk = await measureSubject(section, 'SDK', {
      load: async () => {
        await served.log?.reset();
        const loaded = await page.evaluate((t) => window.bench.sdkLoad(t), target);
        const requests = (await served.log?.requestsFor(served.model)) ?? [];
        run.coldHub = { requests: requests.length, bytes: requests.reduce((sum, r) => sum + r.bytesSent, 0) };
        run.model.storedBytes = loaded.storedBytes;
        run.model.dtype = loaded.dtype;
        return loaded.wallMs;
      },
      reply: (prompt, maxNewTokens) => page.evaluate((r) => window.bench.sdkDecode(r), { prompt, maxNewTokens }),
      dispose: () => page.evaluate(() => window.bench.sdkDispose()),
    }, { long, history, short: SHORT_PROMPT, decodeTokens: plan.decodeTokens });
    if (sdk) run.sdk = sdk;
    const baseline = await measureSubject(section, 'bare transformers.js', {
      load: async () => (await page.evaluate((t) => window.bench.baselineLoad(t), target)).loadMs,
      reply: (prompt, maxNewTokens) => page.evaluate(([p, n]) => window.bench.baselineDecode(p, n), [prompt, maxNewTokens] as const),
      dispose: () => page.evaluate(() => window.bench.baselineDispose()),
    }, { long, history, short: SHORT_PROMPT, decodeTokens: plan.decodeTokens });
    if (baseline) run.baseline = baseline;
    if (run.sdk) await measureWarm(ctx, run, context, section);
    if (run.sdk && ctx.threads.length > 0) run.threads = await measureThreads(ctx, run, page, section);
}

/** What the bench page's load functions take. */
type LoadTarget = { model: string; host: string; device: Backend; dtype: string; warmUp: boolean };

interface SubjectDriver {
  /** Loads from the hub; resolves the page wall time in ms. */
  load(): Promise<number>;
  reply(prompt: string, maxNewTokens: number): Promise<ReplyFigures>;
  dispose(): Promise<void>;
}

async function measureSubject(
  section: Section,
  name: string,
  driver: SubjectDriver,
  prompts: { long: string; history: string; short: string; decodeTokens: number },
): Promise<FullSizeSubject | undefined> {
  const memory = watchPeakMemory();
  const subject: FullSizeSubject = { coldLoadMs: Number.NaN, peakMemoryBytes: Number.NaN };
  try {
    const loaded = await section(`${name}: cold load from the hub`, async () => {
      subject.coldLoadMs = await driver.load();
    });
    if (!loaded) return undefined;
    // The first reply after the load: it also pays for V8 tiering up ORT's WASM, as a user's first message does.
    await section(`${name}: time to first token, ~1,000-token prompt`, async () => {
      subject.ttft = await driver.reply(prompts.long, 1);
    });
    await section(`${name}: decode ${prompts.decodeTokens} tokens, short prompt`, async () => {
      subject.decodeShort = await driver.reply(prompts.short, prompts.decodeTokens);
    });
    await section(`${name}: decode ${prompts.decodeTokens} tokens after a ~2,000-token prompt`, async () => {
      subject.decodeLong = await driver.reply(prompts.history, prompts.decodeTokens);
    });
    return subject;
  } finally {
    await driver.dispose().catch(() => undefined);
    subject.peakMemoryBytes = memory.stop();
    await settle();
  }
}

/** A new page in the same context (weights from IndexedDB), then a bare session from memory in a fresh worker. */
async function measureWarm(ctx: FullSizeContext, run: FullSizeRun, context: Awaited<ReturnType<Browser['newContext']>>, section: Section): Promise<void> {
  const { served } = ctx;
  const target = { model: served.model, host: served.host, device: ctx.backend, dtype: run.model.dtype, warmUp: false };
  const page = await openBenchPage(context, ctx.baseUrl, run.browserErrors);
  try {
    await section('SDK warm load (new page: from IndexedDB, warmUp: false)', async () => {
      await served.log?.reset();
      const loaded = await page.evaluate((t) => window.bench.sdkLoad(t), target);
      const hubRequests = (await served.log?.requestsFor(served.model))?.length ?? Number.NaN;
      run.warm = { wallMs: loaded.wallMs, hubRequests };
      await page.evaluate(() => window.bench.sdkDispose());
    });
    await settle();
    const onnxFiles = onnxFilesOf(ctx.files);
    await section('bare InferenceSession.create(bytes), fresh worker', async () => {
      run.ortSession = await page.evaluate(([t, f]) => window.bench.ortSessions(t, f), [target, onnxFiles] as const);
    });
  } finally {
    await page.close();
  }
}

/**
 * At each thread count, in a fresh worker: the SDK's time to first token on
 * a ~256-token prompt (prefill is compute-bound: what threads help most),
 * then its decode on the short prompt; then bare transformers.js the same
 * way. The prefill also gives V8 time to tier ORT's WASM up (its optimizing
 * compiler runs in the background after a load), so the decode that follows
 * is not measured on baseline code.
 */
async function measureThreads(ctx: FullSizeContext, run: FullSizeRun, page: Page, section: Section): Promise<ThreadsFigures[]> {
  const figures: ThreadsFigures[] = [];
  const prefillPrompt = promptOf(THREADS_PREFILL_TOKENS);
  const decodeTokens = 2 * run.plan.decodeTokens;
  for (const threads of ctx.threads) {
    const target = { model: ctx.served.model, host: ctx.served.host, device: ctx.backend, dtype: run.model.dtype, warmUp: false, wasmThreads: threads };
    const entry: ThreadsFigures = { threads };
    figures.push(entry);
    await settle();
    await section(`SDK with ${threads} WASM thread(s): first token on ~${THREADS_PREFILL_TOKENS} tokens, then decode ${decodeTokens}`, async () => {
      try {
        await page.evaluate((t) => window.bench.sdkLoad(t), target);
        entry.sdkPrefill = await page.evaluate((r) => window.bench.sdkDecode(r), { prompt: prefillPrompt, maxNewTokens: 1 });
        entry.sdk = await page.evaluate((r) => window.bench.sdkDecode(r), { prompt: SHORT_PROMPT, maxNewTokens: decodeTokens });
      } finally {
        await page.evaluate(() => window.bench.sdkDispose());
      }
    });
    await settle();
    await section(`bare transformers.js with ${threads} WASM thread(s): first token on ~${THREADS_PREFILL_TOKENS} tokens, then decode ${decodeTokens}`, async () => {
      try {
        await page.evaluate((t) => window.bench.baselineLoad(t), target);
        entry.baselinePrefill = await page.evaluate(([p]) => window.bench.baselineDecode(p, 1), [prefillPrompt] as const);
        entry.baseline = await page.evaluate(([p, n]) => window.bench.baselineDecode(p, n), [SHORT_PROMPT, decodeTokens] as const);
      } finally {
        await page.evaluate(() => window.bench.baselineDispose());
      }
    });
  }
  return figures;
}

/**
 * The model and its copy without `num_logits_to_keep`, back to back: bare
 * transformers.js runs the copy's lm_head over every position; the SDK
 * slices the copy's graph before it (src/engine/graph-rewrite). Each loads
 * cold and answers the ~1,000-token prompt with one token.
 */
async function measureWithoutKeep(ctx: FullSizeContext, run: FullSizeRun, page: Page, section: Section): Promise<void> {
  const long = promptOf(ctx.plan.ttftPromptTokens);
  const drivers = {
    bare: {
      name: 'bare transformers.js',
      load: async (t: LoadTarget) => (await page.evaluate((target) => window.bench.baselineLoad(target), t)).loadMs,
      reply: () => page.evaluate(([p]) => window.bench.baselineDecode(p, 1), [long] as const),
      dispose: () => page.evaluate(() => window.bench.baselineDispose()),
    },
    sdk: {
      name: 'SDK',
      load: async (t: LoadTarget) => (await page.evaluate((target) => window.bench.sdkLoad(target), t)).wallMs,
      reply: () => page.evaluate((r) => window.bench.sdkDecode(r), { prompt: long, maxNewTokens: 1 }),
      dispose: () => page.evaluate(() => window.bench.sdkDispose()),
    },
  };
  const subjects = [
    { driver: drivers.bare, served: ctx.served, field: 'withLogitsToKeep' },
    { driver: drivers.bare, served: ctx.withoutKeep, field: 'withoutLogitsToKeep' },
    { driver: drivers.sdk, served: ctx.served, field: 'sdkWithLogitsToKeep' },
    { driver: drivers.sdk, served: ctx.withoutKeep, field: 'sdkWithoutLogitsToKeep' },
  ] as const;
  for (const { driver, served, field } of subjects) {
    const target = { model: served.model, host: served.host, device: ctx.backend, dtype: run.model.dtype, warmUp: false };
    await settle();
    const memory = watchPeakMemory();
    let figures: WithoutKeepFigures | undefined;
    try {
      await section(`${driver.name} on ${served.model}: load, time to first token on the ~1,000-token prompt`, async () => {
        const coldLoadMs = await driver.load(target);
        figures = { model: served.model, coldLoadMs, ttft: await driver.reply(), peakMemoryBytes: Number.NaN };
      });
    } finally {
      await driver.dispose().catch(() => undefined);
      const peak = memory.stop();
      if (figures) run[field] = { ...figures, peakMemoryBytes: peak };
    }
  }
}
