/**
 * Two probes of `--full-size` that explain figures rather than rank the SDK:
 * onnxruntime's per-op profile of the passes a chat runs (where prefill and
 * decode time goes, under SDK and transformers.js alike), and the SDK
 * worker's memory over a long prompt and an `unload()` (whether it comes
 * back).
 */
import type { PassSpec } from '../pages/ort/profile-ops.js';
import type { FullSizeContext } from './full-size.js';
import { promptOf, settle } from './full-size.js';
import type { FullSizeRun, MemoryBackFigures } from './full-size-results.js';
import { openBenchPage } from './browser.js';
import { browserPssBytes, watchPeakMemory } from './memory.js';
import type { Section } from './section.js';

/** Prompt of the memory probe: issue 17's "peak worker memory after a 4,000-token prompt". */
export const MEMORY_PROMPT_TOKENS = 4000;

const decodeSteps = (count: number, past: number): PassSpec[] =>
  Array.from({ length: count }, (_, i) => ({ label: `decode, past ${past + i}`, newTokens: 1 }));

/** Decode steps profiled after each prompt; the first ones run on new shapes and cold code, so the report reads the later ones. */
export const OPS_DECODE_STEPS = 6;

/**
 * The profiled passes: a ~1,000-token prompt in the SDK's 256-token chunks,
 * then decode; the same prompt in one pass (what bare transformers.js runs);
 * decode after a short prompt.
 */
export const OPS_PASSES: PassSpec[] = [
  ...[0, 256, 512, 768].map((past) => ({ label: `prefill 256, past ${past}`, newTokens: 256 })),
  ...decodeSteps(OPS_DECODE_STEPS, 1024),
  { label: 'prefill 1,024 in one pass', newTokens: 1024, fresh: true },
  { label: 'prefill 16', newTokens: 16, fresh: true },
  ...decodeSteps(OPS_DECODE_STEPS, 16),
];

/** The model's ONNX files, graph first (the order `InferenceSession.create` takes them in). */
export function onnxFilesOf(files: Record<string, number>): string[] {
  return Object.keys(files)
    .filter((file) => file.startsWith('onnx/'))
    .sort((a, b) => Number(!a.endsWith('.onnx')) - Number(!b.endsWith('.onnx')) || a.localeCompare(b));
}

/** onnxruntime's per-op profile of {@link OPS_PASSES}, on a bare session in a fresh worker. */
export async function measureOps(ctx: FullSizeContext, run: FullSizeRun, page: Awaited<ReturnType<typeof openBenchPage>>, section: Section): Promise<void> {
  const target = { model: ctx.served.model, host: ctx.served.host, device: ctx.backend, dtype: run.model.dtype };
  await settle();
  await section('bare onnxruntime-web with its profiler: prefill in chunks and in one pass, decode', async () => {
    run.ops = await page.evaluate(([t, f, p]) => window.bench.ortProfileOps(t, f, p), [target, onnxFilesOf(ctx.files), OPS_PASSES] as const);
  });
  if (ctx.backend !== 'wasm') return;
  await settle();
  await section('the same on the graph as the SDK rewrites it on WASM', async () => {
    run.sdkGraphOps = await page.evaluate(([t, f, p]) => window.bench.ortProfileOps(t, f, p, true), [target, onnxFilesOf(ctx.files), OPS_PASSES] as const);
  });
}

/** The SDK's memory: load, a long prompt, `unload()`, each step settled before it is read. */
export async function measureMemoryBack(ctx: FullSizeContext, run: FullSizeRun, page: Awaited<ReturnType<typeof openBenchPage>>, section: Section): Promise<void> {
  const target = { model: ctx.served.model, host: ctx.served.host, device: ctx.backend, dtype: run.model.dtype, warmUp: false };
  await settle();
  const figures: MemoryBackFigures = {
    promptTokens: MEMORY_PROMPT_TOKENS,
    idleBytes: browserPssBytes(),
    afterLoadBytes: Number.NaN,
    peakBytes: Number.NaN,
    afterPromptBytes: Number.NaN,
    afterUnloadBytes: Number.NaN,
  };
  run.memoryBack = figures;
  await section(`SDK memory: load, a ~${MEMORY_PROMPT_TOKENS}-token prompt, unload()`, async () => {
    try {
      await page.evaluate((t) => window.bench.sdkLoad(t), target);
      await settle();
      figures.afterLoadBytes = browserPssBytes();
      const peak = watchPeakMemory();
      try {
        figures.reply = await page.evaluate((r) => window.bench.sdkDecode(r), { prompt: promptOf(MEMORY_PROMPT_TOKENS), maxNewTokens: 1 });
      } finally {
        figures.peakBytes = peak.stop();
      }
      await settle();
      figures.afterPromptBytes = browserPssBytes();
      await page.evaluate(() => window.bench.sdkUnload());
      await settle();
      figures.afterUnloadBytes = browserPssBytes();
    } finally {
      await page.evaluate(() => window.bench.sdkDispose());
    }
  });
}
