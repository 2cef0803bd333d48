/**
 * The sections on the first page of a fresh context: the cold load, then
 * decode, conversation and streaming, SDK and baseline side by side.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { ChatMessage } from '../../src/index.js';
import type { BaselineTarget } from '../pages/main.js';
import { openBenchPage } from './browser.js';
import { DECODE_PROMPT, QUESTIONS, SAMPLED } from './plan.js';
import type { ModelRun } from './results.js';
import type { RunContext, Section } from './run-model.js';

/** What the later sections need from the cold one. */
export interface LiveOutcome {
  /** The model as the baseline and the profile load it (the SDK's resolved dtype). */
  target: BaselineTarget;
  /** Every file the SDK stored for the model. */
  storedFiles: string[];
  /** The conversation's messages before each turn. */
  prompts: ChatMessage[][];
}

/** Runs the live sections; resolves undefined when the cold load failed (nothing else can run). */
export async function measureLive(ctx: RunContext, run: ModelRun, context: BrowserContext, section: Section): Promise<LiveOutcome | undefined> {
  const { served } = ctx;
  const page = await openBenchPage(context, ctx.baseUrl, run.browserErrors);
  const sdkTarget = { model: served.model, host: served.host, device: ctx.backend, dtype: served.dtype };
  const outcome: LiveOutcome = { target: sdkTarget, storedFiles: [], prompts: [] };

  const loaded = await section('cold load (empty IndexedDB)', async () => {
    await served.log?.reset();
    const { onnxFiles, storedBytes, files, ...figures } = await page.evaluate((t) => window.bench.sdkLoad(t), sdkTarget);
    const requests = await served.log?.requestsFor(served.model);
    run.load.cold = {
      ...figures,
      hubRequests: requests?.length ?? Number.NaN,
      hubBytes: requests?.reduce((sum, r) => sum + r.bytesSent, 0) ?? Number.NaN,
    };
    run.model = { ...run.model, dtype: figures.dtype, storedBytes, onnxFiles: graphFirst(onnxFiles) };
    outcome.target = { ...sdkTarget, dtype: figures.dtype };
    outcome.storedFiles = files;
  });
  if (!loaded) return undefined;

  const groups = ctx.plan.groups;
  const needsBaseline = groups.some((group) => group === 'decode' || group === 'conversation' || group === 'streaming');
  if (needsBaseline) {
    await section('baseline load (bare transformers.js, in a worker)', async () => {
      run.load.baseline = await page.evaluate((t) => window.bench.baselineLoad(t), outcome.target);
    });
  }
  if (groups.includes('decode')) await measureDecode(ctx, run, page, section);
  if (groups.includes('conversation')) await measureConversation(ctx, run, page, section, outcome);
  if (groups.includes('streaming')) await measureStreaming(ctx, run, page, section, outcome.target);
  await page.close();
  return outcome;
}

async function measureDecode(ctx: RunContext, run: ModelRun, page: Page, section: Section): Promise<void> {
  const { plan } = ctx;
  await section(`decode: 1 unmeasured + ${plan.repeats} × ${plan.decodeTokens} tokens, SDK and baseline interleaved`, async () => {
    // Round 0 is a warm-up: the first runs after a load pay for the engine's
    // background compilation (V8 tiering up ORT's WASM, WebGPU shaders for
    // this prompt's shape) and would measure that instead of decoding.
    for (let round = 0; round <= plan.repeats; round++) {
      const sdk = await page.evaluate((r) => window.bench.sdkDecode(r), { prompt: DECODE_PROMPT, maxNewTokens: plan.decodeTokens });
      const baseline = await page.evaluate(([p, n]) => window.bench.baselineDecode(p, n), [DECODE_PROMPT, plan.decodeTokens] as const);
      if (round === 0) continue;
      run.decode.sdk.push(sdk);
      run.decode.baseline.push(baseline);
    }
  });
  if (!plan.sampledDecode) return;
  await section(`decode with sampling: ${plan.repeats} × ${plan.decodeTokens} tokens`, async () => {
    for (let i = 0; i < plan.repeats; i++) {
      const request = { prompt: DECODE_PROMPT, maxNewTokens: plan.decodeTokens, sampling: SAMPLED };
      run.decode.sdkSampled.push(await page.evaluate((r) => window.bench.sdkDecode(r), request));
    }
  });
}

async function measureConversation(ctx: RunContext, run: ModelRun, page: Page, section: Section, outcome: LiveOutcome): Promise<void> {
  const { plan } = ctx;
  await section(`8-turn conversation × ${plan.turnTokens} tokens, without KV reuse, with it at once and after ${plan.typingPauseMs} ms typing, × ${plan.conversationRepeats}`, async () => {
    const request = { questions: QUESTIONS, maxNewTokens: plan.turnTokens };
    const converse = (reuseKvCache: boolean, pauseMs: number) =>
      page.evaluate((r) => window.bench.sdkConversation(r), { ...request, reuseKvCache, pauseMs });
    for (let i = 0; i < plan.conversationRepeats; i++) {
      const without = await converse(false, 0);
      run.conversation.noReuse.push(without.turns);
      outcome.prompts = without.prompts;
      run.conversation.reuseAtOnce.push((await converse(true, 0)).turns);
      run.conversation.reuse.push((await converse(true, plan.typingPauseMs)).turns);
    }
  });
  if (!plan.baselineTurns || outcome.prompts.length === 0) return;
  await section('baseline time to first token per turn', async () => {
    run.conversation.baseline = await page.evaluate((p) => window.bench.baselineTurns(p), outcome.prompts);
  });
}

async function measureStreaming(ctx: RunContext, run: ModelRun, page: Page, section: Section, target: BaselineTarget): Promise<void> {
  const { plan } = ctx;
  await section(`streaming into the DOM: ${plan.streamTokens} tokens, long tasks`, async () => {
    run.streaming.push(await page.evaluate((r) => window.bench.sdkStreaming(r), { prompt: DECODE_PROMPT, maxNewTokens: plan.streamTokens }));
    run.streaming.push(await page.evaluate(([p, n]) => window.bench.baselineStreaming(p, n), [DECODE_PROMPT, plan.streamTokens] as const));
  });
  // Free both workers' memory before the main-thread baseline loads a third copy.
  await page.evaluate(() => {
    window.bench.baselineDispose();
    window.bench.sdkDispose();
  });
  if (!plan.baselineOnMainThread) return;
  await section('streaming from a bare loop on the main thread (contrast)', async () => {
    run.streaming.push(await page.evaluate(([t, p, n]) => window.bench.baselineMainStreaming(t, p, n), [target, DECODE_PROMPT, plan.streamTokens] as const));
  });
}

/** The model graph (`.onnx`) first, then its external-data files. */
function graphFirst(files: string[]): string[] {
  return [...files].sort((a, b) => Number(!a.endsWith('.onnx')) - Number(!b.endsWith('.onnx')) || a.localeCompare(b));
}
