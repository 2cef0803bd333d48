/**
 * The full-size section of `bench/results.json`: the random-weight model with
 * Qwen3-0.6B's exact configuration (builder style, q4, external data), a
 * short plan per backend, the SDK beside bare transformers.js on the same
 * files in the same run.
 */
import type { OpsProfile, OrtSessionFigures, ReplyFigures } from '../shared/figures.js';
import type { MachineInfo } from './results.js';

/** Sizes of the full-size plan (small: q4 decodes about 1 token/s on WASM here). */
export interface FullSizePlan {
  /** Target prompt length of the time-to-first-token measurement (chat template included, about). */
  ttftPromptTokens: number;
  /** History of the second decode measurement (about). */
  historyTokens: number;
  /** New tokens per decode measurement. */
  decodeTokens: number;
}

/** What one subject (SDK or bare transformers.js) measured. */
export interface FullSizeSubject {
  /** Page wall time of the load from the hub (SDK: into IndexedDB, `warmUp: false`; bare: no cache). */
  coldLoadMs: number;
  /** A 1-token reply to the ~1,000-token prompt. */
  ttft?: ReplyFigures;
  /** A reply to a short prompt. */
  decodeShort?: ReplyFigures;
  /** A reply after a ~2,000-token prompt. */
  decodeLong?: ReplyFigures;
  /** Peak PSS of the browser's processes from before the load to after the last reply, in bytes. */
  peakMemoryBytes: number;
}

/** A decode measured after `historyTokens` (about) of prompt. */
export interface HistoryPoint {
  historyTokens: number;
  reply: ReplyFigures;
}

/** `warmPrefix()` at full size: the first message of a visit without and with the stored system prompt. */
export interface StoredPrefixFigures {
  /** Target length of the system prompt (about). */
  systemPromptTokens: number;
  without?: ReplyFigures & { prefillTokens: number };
  /** What `warmPrefix()` returned (its prefill time, the bytes stored). */
  warm?: { tokens: number; bytes: number; created: boolean; prefillMs: number };
  with?: ReplyFigures & { prefillTokens: number };
}

/** One WASM thread count: a ~256-token prefill, then decode on the short prompt. */
export interface ThreadsFigures {
  threads: number;
  sdkPrefill?: ReplyFigures;
  sdk?: ReplyFigures;
  baselinePrefill?: ReplyFigures;
  baseline?: ReplyFigures;
}

/**
 * The SDK's worker memory over a long prompt and an `unload()`: PSS of the
 * browser's processes, each settled 2 s after its step.
 */
export interface MemoryBackFigures {
  /** Target length of the long prompt (chat template included, about). */
  promptTokens: number;
  /** The page open, no model. */
  idleBytes: number;
  /** After `load()`. */
  afterLoadBytes: number;
  /** Peak while the long prompt's 1-token reply ran. */
  peakBytes: number;
  /** The long prompt's 1-token reply. */
  reply?: ReplyFigures;
  /** After that reply: what a cleared conversation leaves (nothing shrinks a WASM heap). */
  afterPromptBytes: number;
  /** After `unload()`, which replaces the worker. */
  afterUnloadBytes: number;
}

/** A cold load of the model (or its copy without `num_logits_to_keep`) and a 1-token reply to the ~1,000-token prompt. */
export interface WithoutKeepFigures {
  model: string;
  coldLoadMs: number;
  ttft: ReplyFigures;
  /** Peak PSS of the browser's processes over the load and the reply. */
  peakMemoryBytes: number;
}

/** One backend's full-size run. */
export interface FullSizeRun {
  backend: 'wasm' | 'webgpu';
  model: { id: string; dtype: string; files: Record<string, number>; storedBytes: number };
  plan: FullSizePlan;
  /** PSS of the browser's processes with the bench page open and no model loaded, in bytes. */
  idleMemoryBytes: number;
  /** The page's WASM SIMD memory read bandwidth, bytes per second (bench/pages/bandwidth). */
  readBytesPerSecond?: number;
  /** Requests and body bytes the hub and its CDN served for the SDK's cold load. */
  coldHub: { requests: number; bytes: number };
  sdk?: FullSizeSubject;
  baseline?: FullSizeSubject;
  /** SDK warm load (new page, from IndexedDB, `warmUp: false`), page wall, and the hub requests it still made. */
  warm?: { wallMs: number; hubRequests: number };
  /** Bare `InferenceSession.create(bytes)` in a fresh worker, after the warm load. */
  ortSession?: OrtSessionFigures;
  /**
   * Bare transformers.js's 1-token reply to the same ~1,000-token prompt on a
   * copy of the model without the `num_logits_to_keep` input (so every
   * position's 151,936 logits are computed), beside `baseline.ttft`.
   */
  withoutLogitsToKeep?: WithoutKeepFigures;
  /** The SDK on the same copy: it slices the graph before the lm_head (src/engine/graph-rewrite). */
  sdkWithoutLogitsToKeep?: WithoutKeepFigures;
  /** Bare transformers.js and the SDK on the model itself, measured with the two above (older runs: none; the plan's `ttft` stands in). */
  withLogitsToKeep?: WithoutKeepFigures;
  sdkWithLogitsToKeep?: WithoutKeepFigures;
  /** Per WASM thread count, the SDK (warm load) beside bare transformers.js: prefill, then decode. */
  threads?: ThreadsFigures[];
  /** onnxruntime's per-op profile of prefill and decode passes on a bare session. */
  ops?: OpsProfile;
  /** The same on the graph as the SDK rewrites it on WASM (attention as MatMul, the lm_head on the last position). */
  sdkGraphOps?: OpsProfile;
  /** The SDK's memory over a long prompt and an unload. */
  memoryBack?: MemoryBackFigures;
  /** Decode speed against the history before it, SDK and bare transformers.js (full-size-context.ts). */
  history?: { decodeTokens: number; sdk: HistoryPoint[]; baseline: HistoryPoint[] };
  /** The first message after a reload with a long system prompt, without and with its stored KV cache. */
  storedPrefix?: StoredPrefixFigures;
  /** The machine as this run found it (runs of other dtypes may come from other days). */
  machine?: MachineInfo;
  errors: string[];
  browserErrors: string[];
  wallSeconds: number;
}

/** The whole full-size measurement, with its own machine record (it runs apart from the tiny-model bench). */
export interface FullSizeResults {
  machine: MachineInfo;
  runs: FullSizeRun[];
  /** Backends not measured, with the reason. */
  skipped: { backend: string; reason: string }[];
  wallSeconds: number;
}
