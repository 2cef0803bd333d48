/**
 * The SDK's own engine code in a worker of ours, instrumented from outside:
 *
 * - `load`: `loadModel` (src/engine/load-model.ts) exactly as the engine
 *   calls it, with transformers.js's steps and onnxruntime-web's
 *   `InferenceSession.create` timed from inside.
 * - `ablation`: on that one session, in this one worker, the SDK's
 *   `generateReply` with and without the per-step macrotask hop, and a bare
 *   `model.generate()` — so the SDK's per-step cost is measured without the
 *   noise between two workers.
 */
import { AutoConfig, AutoModelForCausalLM, AutoTokenizer, ModelRegistry, PreTrainedModel, Tensor } from '@huggingface/transformers';
import { expose, type ProxyOrClone } from 'comlink';
import * as ort from 'onnxruntime-web/webgpu';
import { EventBatcher } from '../../../src/engine/event-batcher.js';
import { generateReply } from '../../../src/engine/generate-reply.js';
import { loadModel } from '../../../src/engine/load-model.js';
import { planPrompt } from '../../../src/engine/prompt-plan.js';
import type { ModelSession } from '../../../src/engine/model-session.js';
import { ProgressTracker } from '../../../src/engine/progress-tracker.js';
import { warmUp as runWarmUp } from '../../../src/engine/warm-up.js';
import { yieldBetweenSteps } from '../../../src/engine/yield-between-steps.js';
import type { ChatEvent, FinishEvent } from '../../../src/index.js';
import { defaultModelStore } from '../../../src/store/model-store.js';
import { bundledWasmPaths } from '../../../src/worker/ort-files.js';
import type { DecodeAblation, SdkLoadTrace } from '../../shared/figures.js';
import { TimingStreamer, timingFigures } from '../baseline/timing-streamer.js';

const spans: SdkLoadTrace['spans'] = [];
let loadStarted = 0;

type AsyncMethod = (this: unknown, ...args: unknown[]) => Promise<unknown>;

/** Wraps an async method (static, or on a prototype) so each call is recorded as a span. */
function trace(owner: object, method: string, name: string, into: { name: string; startMs: number; ms: number }[]): void {
  const target = owner as Record<string, AsyncMethod>;
  const original = target[method]!;
  target[method] = async function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      into.push({ name, startMs: started - loadStarted, ms: performance.now() - started });
    }
  };
}

// transformers.js calls `InferenceSession.create` on this same class object
// (Vite bundles onnxruntime-web once for both), so the wrapper sees its calls.
const sessionSpans: { name: string; startMs: number; ms: number }[] = [];
trace(ort.InferenceSession, 'create', 'InferenceSession.create', sessionSpans);
trace(AutoConfig, 'from_pretrained', 'AutoConfig.from_pretrained', spans);
trace(ModelRegistry, 'get_model_files', 'ModelRegistry.get_model_files', spans);
trace(AutoTokenizer, 'from_pretrained', 'AutoTokenizer.from_pretrained', spans);
trace(AutoModelForCausalLM, 'from_pretrained', 'AutoModelForCausalLM.from_pretrained', spans);

let session: ModelSession | undefined;

/** Calls `generate` while the load's warm-up runs, with spans; afterwards untraced. */
let tracingGenerate = true;
const generate = PreTrainedModel.prototype.generate as unknown as AsyncMethod;
(PreTrainedModel.prototype as unknown as { generate: AsyncMethod }).generate = async function (this: unknown, ...args: unknown[]) {
  const started = performance.now();
  try {
    return await generate.apply(this, args);
  } finally {
    // The load's warm-up reply (src/engine/warm-up.ts) is the only generate() call during a load.
    if (tracingGenerate) spans.push({ name: 'generate (warm-up)', startMs: started - loadStarted, ms: performance.now() - started });
  }
};

function requireSession(): ModelSession {
  if (!session) throw new Error('load() first');
  return session;
}

/** One reply through the SDK's `generateReply`, events batched and sent to `sink` as the engine does. */
async function sdkReply(prompt: string, maxNewTokens: number, sink: (events: ChatEvent[]) => void): Promise<number> {
  const batcher = new EventBatcher((events) => sink(events));
  let finish: FinishEvent | undefined;
  const session = requireSession();
  const options = { maxNewTokens, thinking: false, temperature: 0, reuseKvCache: false };
  const startedAt = performance.now();
  await generateReply(session, planPrompt(session, [{ role: 'user', content: prompt }], options), {
    options,
    emit: (events) => {
      for (const event of events) if (event.type === 'finish') finish = event;
      batcher.add(events);
    },
    isAborted: () => false,
    previous: undefined,
    startedAt,
  });
  await batcher.flush();
  return finish?.timings.decodeTokensPerSecond ?? Number.NaN;
}

/** One bare `generate()` on the same session, the same prompt tokens. */
async function bareReply(prompt: string, maxNewTokens: number): Promise<number> {
  const { tokenizer, model } = requireSession();
  const started = performance.now();
  const rendered = tokenizer.apply_chat_template([{ role: 'user', content: prompt }], {
    add_generation_prompt: true,
    enable_thinking: false,
    return_dict: true,
  } as Parameters<typeof tokenizer.apply_chat_template>[1]) as unknown as { input_ids: Tensor; attention_mask: Tensor };
  const streamer = new TimingStreamer((id) => tokenizer.decode([id]), undefined);
  const prefillStarted = performance.now();
  await model.generate({ ...rendered, max_new_tokens: maxNewTokens, do_sample: false, streamer } as unknown as Parameters<typeof model.generate>[0]);
  return timingFigures(streamer, { started, prefillStarted, promptTokens: rendered.input_ids.dims[1] ?? 0, maxNewTokens }).decodeTokensPerSecond;
}

const api = {
  ping: () => true,
  /**
   * Loads through the SDK's store (warm: it must be stored already), tracing
   * the load; then, when asked, the SDK's warm-up reply as its engine runs it
   * right after the load resolves.
   */
  async load(model: string, host: string, device: 'wasm' | 'webgpu', dtype: string, warmUp: boolean): Promise<SdkLoadTrace> {
    const controller = new AbortController();
    loadStarted = performance.now();
    session = await loadModel(
      { model, host, revision: 'main', device, dtype: dtype as never, warmUp },
      { store: defaultModelStore(), tracker: new ProgressTracker(() => undefined), signal: controller.signal, wasmPaths: bundledWasmPaths },
    );
    const totalMs = performance.now() - loadStarted;
    // A warm-up inside loadModel (older engines) was already traced; otherwise run it as the engine does now.
    if (warmUp && !spans.some((span) => span.name === 'generate (warm-up)')) await runWarmUp(session);
    tracingGenerate = false;
    return { totalMs, sessions: sessionSpans.map(({ startMs, ms }) => ({ startMs, ms })), spans: [...spans] };
  },
  /**
   * Decode tokens/s, interleaved `repeats` times after one unmeasured round:
   * the SDK's `generateReply` as the engine runs it (a macrotask hop before
   * a forward pass when due, events batched to the page), the same without
   * the hop, and a bare `generate()`.
   */
  async ablation(prompt: string, maxNewTokens: number, repeats: number, sink: ProxyOrClone<(events: ChatEvent[]) => void>): Promise<DecodeAblation> {
    const model = requireSession().model as unknown as { forward: (...args: never[]) => Promise<unknown> };
    const plainForward = model.forward.bind(model);
    // Timestamps around the SDK's own wrapper: outer entry → (its hop) → inner
    // entry, so the hop's real cost inside a busy worker is measured too.
    const hops: number[] = [];
    let enteredAt = 0;
    model.forward = (...args: never[]) => {
      hops.push(performance.now() - enteredAt);
      return plainForward(...args);
    };
    yieldBetweenSteps(model);
    const sdkWrapped = model.forward;
    const hoppingForward = (...args: never[]): Promise<unknown> => {
      enteredAt = performance.now();
      return sdkWrapped(...args);
    };
    const deliver = sink as unknown as (events: ChatEvent[]) => void;
    const variants: ['sdk' | 'sdkWithoutHop' | 'bare', () => Promise<number>][] = [
      ['sdk', () => ((model.forward = hoppingForward), sdkReply(prompt, maxNewTokens, deliver))],
      ['sdkWithoutHop', () => ((model.forward = plainForward), sdkReply(prompt, maxNewTokens, deliver))],
      ['bare', () => ((model.forward = plainForward), bareReply(prompt, maxNewTokens))],
    ];
    const result: DecodeAblation = { sdk: [], sdkWithoutHop: [], bare: [], hopInSituUs: Number.NaN, hopInSituMeanUs: Number.NaN };
    for (let round = 0; round <= repeats; round++) {
      // Each round starts with a different variant, so no variant always runs first.
      for (let i = 0; i < variants.length; i++) {
        const [name, run] = variants[(round + i) % variants.length]!;
        const tokensPerSecond = await run();
        // Round 0 is a warm-up for all three.
        if (round > 0) result[name].push(tokensPerSecond);
      }
    }
    model.forward = plainForward;
    hops.sort((a, b) => a - b);
    result.hopInSituUs = (hops[Math.floor(hops.length / 2)] ?? Number.NaN) * 1000;
    // The mean keeps the rare long hops (tasks that queued up run before the continuation).
    result.hopInSituMeanUs = (hops.reduce((sum, ms) => sum + ms, 0) / hops.length) * 1000;
    return result;
  },
  async dispose(): Promise<void> {
    await session?.model.dispose();
    session = undefined;
  },
};

/** The worker's API. */
export type SdkInternalsWorkerApi = typeof api;

expose(api);
