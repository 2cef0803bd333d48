/**
 * The bench page: every measurement the runner drives, as `window.bench`.
 * Each call does one thing and returns plain figures; the runner decides the
 * order, the repeats and the browser contexts.
 */
import { proxy, wrap } from 'comlink';
import type { ChatEvent, ChatMessage } from '../../src/index.js';
import { messageText } from '../../src/core/message-text.js';
import { bundledWasmPaths } from '../../src/worker/ort-files.js';
import type { Backend, DecodeAblation, LongTaskFigures, OpsProfile, OrtSessionFigures, ReplyFigures, SdkLoadTrace, WarmLoadProfile } from '../shared/figures.js';
import { baselineReply, baselineStreaming, mainThreadHandle, spawnBaselineWorker, workerHandle, type BaselineHandle } from './baseline/client.js';
import type { BaselineLoadRequest, PlainMessage } from './baseline/engine.js';
import type { OrtWorkerApi } from './ort/worker.js';
import type { PassSpec } from './ort/profile-ops.js';
import type { ProfileWorkerApi, StepOverheads, StoreProfile } from './profile/worker.js';
import type { SdkInternalsWorkerApi } from './profile/sdk-internals-worker.js';
import type { TokenizerCosts } from './profile/tokenizer-costs.js';
import type { JsonMaskCosts } from './profile/json-mask-costs.js';
import { measureReadBandwidth } from './bandwidth/read-bandwidth.js';
import { sdkConversation, sdkDecode, sdkDispose, sdkLoad, sdkStreaming, sdkSystemReply, sdkUnload, sdkWarmPrefix, type DecodeRequest } from './sdk-bench.js';

/** The model as the baseline loads it: the SDK's resolved dtype, the SDK's ORT files. */
export interface BaselineTarget {
  model: string;
  host: string;
  device: Backend;
  dtype: string;
  /** onnxruntime-web's WASM threads; its own default when absent. */
  wasmThreads?: number;
}

const output = document.getElementById('output')!;
const SDK_INTERNALS = new URL('./profile/sdk-internals-worker.ts', import.meta.url);
const ORT_WORKER = new URL('./ort/worker.ts', import.meta.url);
const PROFILE_WORKER = new URL('./profile/worker.ts', import.meta.url);
let baseline: BaselineHandle | undefined;

function loadRequest(target: BaselineTarget): BaselineLoadRequest {
  return { ...target, wasmPaths: { ...bundledWasmPaths } };
}

function plain(messages: ChatMessage[]): PlainMessage[] {
  return messages.map((message) => ({ role: message.role, content: messageText(message) }));
}

/** Runs `use` against a fresh module worker, then terminates it. */
async function withWorker<Api, T>(url: URL, use: (api: ReturnType<typeof wrap<Api>>) => Promise<T>): Promise<T> {
  const worker = new Worker(url, { type: 'module' });
  try {
    return await use(wrap<Api>(worker));
  } finally {
    worker.terminate();
  }
}

const bench = {
  sdkLoad,
  sdkDecode,
  sdkWarmPrefix,
  sdkSystemReply,
  sdkConversation,
  sdkStreaming: (request: DecodeRequest): Promise<LongTaskFigures> => sdkStreaming(request, output),
  sdkDispose,
  sdkUnload,

  /** Spawns the baseline worker and loads the model from the network; returns both times. */
  async baselineLoad(target: BaselineTarget): Promise<{ workerStartMs: number; loadMs: number }> {
    baseline?.dispose();
    const spawned = await spawnBaselineWorker();
    baseline = workerHandle(spawned);
    return { workerStartMs: spawned.startMs, loadMs: await baseline.load(loadRequest(target)) };
  },
  /** A greedy reply to one prompt in the baseline worker. */
  baselineDecode(prompt: string, maxNewTokens: number): Promise<ReplyFigures> {
    if (!baseline) throw new Error('baselineLoad() first');
    return baselineReply(baseline, [{ role: 'user', content: prompt }], maxNewTokens);
  },
  /** Time to first token of each conversation prefix (one new token each): no reuse, by construction. */
  async baselineTurns(prompts: ChatMessage[][]): Promise<ReplyFigures[]> {
    if (!baseline) throw new Error('baselineLoad() first');
    const turns: ReplyFigures[] = [];
    for (const messages of prompts) turns.push(await baselineReply(baseline, plain(messages), 1));
    return turns;
  },
  baselineStreaming(prompt: string, maxNewTokens: number): Promise<LongTaskFigures> {
    if (!baseline) throw new Error('baselineLoad() first');
    return baselineStreaming(baseline, 'baseline-worker', prompt, maxNewTokens, output);
  },
  baselineDispose(): void {
    baseline?.dispose();
    baseline = undefined;
  },
  /** The bare loop on the main thread: load, stream into the DOM, free. */
  async baselineMainStreaming(target: BaselineTarget, prompt: string, maxNewTokens: number): Promise<LongTaskFigures> {
    const handle = mainThreadHandle();
    try {
      await handle.load(loadRequest(target));
      return await baselineStreaming(handle, 'baseline-main', prompt, maxNewTokens, output);
    } finally {
      handle.dispose();
    }
  },

  /** In a fresh worker: start-up, then config, tokenizer and model from memory, then tokenizer costs. */
  async memoryProfile(
    target: BaselineTarget,
    files: string[],
    turns: { first: ChatMessage[]; last: ChatMessage[] },
  ): Promise<Pick<WarmLoadProfile, 'workerStartMs' | 'tokenizerFromMemoryMs' | 'modelFromMemoryMs' | 'configFromMemoryMs'> & { tokenizer: TokenizerCosts & JsonMaskCosts }> {
    const spawned = await spawnBaselineWorker();
    try {
      const times = await spawned.engine.loadFromMemory(loadRequest(target), files);
      const tokenizer = { ...(await spawned.engine.tokenizerCosts(plain(turns.first), plain(turns.last))), ...(await spawned.engine.jsonMaskCosts()) };
      await spawned.engine.dispose();
      return {
        workerStartMs: spawned.startMs,
        configFromMemoryMs: times.configMs,
        tokenizerFromMemoryMs: times.tokenizerMs,
        modelFromMemoryMs: times.modelMs,
        tokenizer,
      };
    } finally {
      spawned.dispose();
    }
  },
  /** The page's WASM SIMD read bandwidth, bytes per second: the ceiling on decode speed. */
  readBandwidth(): Promise<number> {
    return measureReadBandwidth();
  },
  /** `InferenceSession.create(bytes)` in a fresh worker. */
  ortSessions(target: BaselineTarget, files: string[]): Promise<OrtSessionFigures> {
    const base = `${target.host.replace(/\/+$/, '')}/${target.model}/resolve/main/`;
    return withWorker<OrtWorkerApi, OrtSessionFigures>(ORT_WORKER, (api) =>
      api.createSessions({ base, files, device: target.device }),
    );
  },
  /** A bare session with onnxruntime's profiler on, in a fresh worker: `passes` summed per op type. */
  ortProfileOps(target: BaselineTarget, files: string[], passes: PassSpec[], asSdkRewritesIt = false): Promise<OpsProfile> {
    const base = `${target.host.replace(/\/+$/, '')}/${target.model}/resolve/main/`;
    return withWorker<OrtWorkerApi, OpsProfile>(ORT_WORKER, (api) => api.profileOps({ base, files, device: target.device, asSdkRewritesIt }, passes));
  },
  /** The SDK's `loadModel` (warm) with its steps timed from inside, in a fresh worker. */
  sdkLoadTrace(target: BaselineTarget, warmUp: boolean): Promise<SdkLoadTrace> {
    return withWorker<SdkInternalsWorkerApi, SdkLoadTrace>(SDK_INTERNALS, async (api) => {
      const trace = await api.load(target.model, target.host, target.device, target.dtype, warmUp);
      await api.dispose();
      return trace;
    });
  },
  /** Decode with and without the SDK's per-step machinery, on one session in one fresh worker. */
  decodeAblation(target: BaselineTarget, prompt: string, maxNewTokens: number, repeats: number): Promise<DecodeAblation> {
    return withWorker<SdkInternalsWorkerApi, DecodeAblation>(SDK_INTERNALS, async (api) => {
      await api.load(target.model, target.host, target.device, target.dtype, true);
      // Delivered batches are rendered as the chat UI would.
      const result = await api.ablation(prompt, maxNewTokens, repeats, proxy((events: ChatEvent[]) => {
        for (const event of events) if (event.type === 'text-delta') output.append(document.createTextNode(event.text));
      }));
      await api.dispose();
      return result;
    });
  },
  /** Reads the SDK's stored files back from IndexedDB, in a fresh worker. */
  storeProfile(model: string, files: string[]): Promise<StoreProfile> {
    return withWorker<ProfileWorkerApi, StoreProfile>(PROFILE_WORKER, (api) => api.storeProfile(model, 'main', files));
  },
  /** The SDK's per-step costs, in a fresh worker. */
  stepOverheads(): Promise<StepOverheads> {
    return withWorker<ProfileWorkerApi, StepOverheads>(PROFILE_WORKER, (api) => api.stepOverheads());
  },
  /** Spawns each worker once, so Vite has transformed every module before anything is timed. */
  async warmUp(): Promise<void> {
    const spawned = await spawnBaselineWorker();
    spawned.dispose();
    await withWorker<OrtWorkerApi, boolean>(ORT_WORKER, (api) => api.ping());
    await withWorker<ProfileWorkerApi, boolean>(PROFILE_WORKER, (api) => api.ping());
    await withWorker<SdkInternalsWorkerApi, boolean>(SDK_INTERNALS, (api) => api.ping());
  },
};

/** What the runner calls through `page.evaluate`. */
export type BenchApi = typeof bench;

declare global {
  interface Window {
    bench: BenchApi;
  }
}
window.bench = bench;
document.getElementById('status')!.textContent = 'ready';
