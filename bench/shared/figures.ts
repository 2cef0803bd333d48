/**
 * The figures the bench pages measure and the runner records. Plain data, so
 * they cross `page.evaluate` and land in `bench/results.json` unchanged.
 */

/** Where the model runs in a bench run. */
export type Backend = 'wasm' | 'webgpu';

/** Which code produced a figure. */
export type Subject = 'sdk' | 'baseline-worker' | 'baseline-main';

/** One load of a model. */
export interface LoadFigures {
  /** Page wall time from creating the client (spawning its worker) to `load()` resolving. */
  wallMs: number;
  /** The SDK's own `loadedModel.loadMs` (inside the worker, from the request to ready). */
  sdkLoadMs: number;
  dtype: string;
  device: string;
  /** When the load reached each stage, from its progress events (ms after the client was created). */
  timeline: LoadTimeline;
  /**
   * A message sent as soon as `load()` resolved: ms from `chat()` to its first
   * text on the page (a warm-up reply queued after the load is waited for).
   */
  firstTextAfterLoadMs?: number;
}

/** Stages of a load as its progress events show them, seen from the page. */
export interface LoadTimeline {
  /** The first progress report: the worker is up and the load started. */
  firstProgressMs: number;
  /** When each file was complete (downloaded and stored, or read back from IndexedDB). */
  filesDoneMs: Record<string, number>;
  /** Every file in: ONNX Runtime builds the session (phase `compile`). */
  compileMs: number;
  readyMs: number;
}

/** One reply, with the SDK's timing definitions (the baseline measures the same way). */
export interface ReplyFigures {
  promptTokens: number;
  /** Tokens generated (reasoning and answer). */
  generatedTokens: number;
  /** From the request (tokenizing included) to the first generated token, in the engine's thread. */
  timeToFirstTokenMs: number;
  prefillTokensPerSecond: number;
  /** Generated tokens per second after the first one. */
  decodeTokensPerSecond: number;
  totalMs: number;
  /** Page view: from calling chat()/generate to the first text reaching the main thread. */
  pageFirstTextMs: number;
  finishReason: string;
}

/** One turn of a multi-turn conversation. */
export interface TurnFigures {
  turn: number;
  promptTokens: number;
  /** Prompt tokens run through the model (the rest came from the KV cache). */
  prefillTokens: number;
  /** The engine's figure: from the reply's start in the worker to its first token. */
  timeToFirstTokenMs: number;
  /**
   * What the user sees: from calling `chat()` in the page to the first text
   * there — including any wait in the engine's queue (for the previous
   * reply's history prefill, say) and the trips to and from the worker.
   */
  pageFirstTextMs: number;
  /** Prefill forward-pass time, from the SDK's own prefill rate: prefillTokens / rate. */
  prefillMs: number;
  /** TTFT minus prefill: template, tokenizing, KV-cache truncation, scheduling. */
  setupMs: number;
  generatedTokens: number;
}

/** Main-thread long tasks while a reply streamed into the DOM. */
export interface LongTaskFigures {
  subject: Subject;
  count: number;
  totalMs: number;
  longestMs: number;
  /** Sum of (duration − 50 ms): the main thread's total blocking time. */
  blockingMs: number;
  /** Delta events (SDK) or text callbacks (baseline) rendered into the DOM. */
  renders: number;
  /** Animation frames seen while streaming. */
  frames: number;
  /** Each long task: start (ms after streaming began) and duration. */
  tasks: { startMs: number; durationMs: number }[];
  reply: ReplyFigures;
}

/** `InferenceSession.create(bytes)` with onnxruntime-web alone, in a fresh worker. */
export interface OrtSessionFigures {
  /** The first create in the worker: runtime init (WASM compile, WebGPU device) plus the session. */
  firstCreateMs: number;
  /** A second create with the runtime already up: the session alone. */
  secondCreateMs: number;
  /** Importing onnxruntime-web in the worker. */
  importMs: number;
  modelBytes: number;
  files: string[];
}

/** One op type's share of a forward pass, from onnxruntime's profiler. */
export interface OpTime {
  /** The kernel's op type (`MatMulInteger`, `GroupQueryAttention`, …, after ORT's fusions). */
  op: string;
  /** Summed kernel time in the pass, ms. */
  ms: number;
  /** Kernels of this type the pass ran. */
  count: number;
  /** Bytes of initializers (weights) these kernels read, summed. */
  weightBytes: number;
}

/** One profiled forward pass. */
export interface ProfiledPass {
  label: string;
  newTokens: number;
  pastTokens: number;
  /** The worker's wall time around `session.run`, ms. */
  wallMs: number;
  /** The profiler's `model_run` event, ms. */
  runMs: number;
  /** By kernel time, largest first. */
  ops: OpTime[];
}

/** Per-op profile of a bare onnxruntime-web session (`enableProfiling`), the floor under SDK and transformers.js alike. */
export interface OpsProfile {
  /** WASM threads the session ran (onnxruntime's default unless asked). */
  threads: number;
  passes: ProfiledPass[];
}

/** Where the SDK's warm load spends its time, measured piece by piece in fresh workers. */
export interface WarmLoadProfile {
  /** Reading every stored chunk of the model's files from IndexedDB. */
  idbReadMs: number;
  /** The checksum of every stored chunk (`chunkDigest`), as `streamStoredFile` checks them. */
  chunkDigestMs: number;
  chunks: number;
  storedBytes: number;
  /** Whole-file SHA-256 (`createFileHasher`), as a cold load checks LFS files (not on warm loads). */
  wholeFileShaMs: number;
  /** `AutoTokenizer.from_pretrained` with tokenizer.json already in memory (JSON parse and build). */
  tokenizerFromMemoryMs: number;
  /** `AutoModelForCausalLM.from_pretrained` with the model's bytes in memory (runtime init + session). */
  modelFromMemoryMs: number;
  /** `AutoConfig.from_pretrained` from memory. */
  configFromMemoryMs: number;
  /** Spawning a module worker that imports transformers.js, up to its first answer. */
  workerStartMs: number;
  /** Reading ORT's runtime files (27 MB .wasm, .mjs) back from the SDK's Cache API store. */
  runtimeCacheReadMs: number;
}

/** The SDK's `loadModel` run in a worker of ours, its ORT session creation timed from inside. */
export interface SdkLoadTrace {
  /** `loadModel` alone (the engine's warm-up reply, when it follows the load, is a span after it). */
  totalMs: number;
  /** Each `InferenceSession.create`: start (ms after the load began) and duration. */
  sessions: { startMs: number; ms: number }[];
  /** transformers.js calls the load makes, timed the same way. */
  spans: { name: string; startMs: number; ms: number }[];
}

/** Decode tokens/s on one session in one worker: the SDK's reply path, without its per-step hop, and bare. */
export interface DecodeAblation {
  /** `generateReply` as the engine runs it: macrotask hop before a forward pass when due, events batched to the page. */
  sdk: number[];
  /** The same with the model's plain `forward` (no hop). */
  sdkWithoutHop: number[];
  /** `model.generate()` with a minimal streamer, same prompt tokens. */
  bare: number[];
  /** Median time of the SDK's macrotask hop as it happens while decoding, in microseconds. */
  hopInSituUs: number;
  /** Mean of the same: what the hops cost per step, long ones included. */
  hopInSituMeanUs: number;
}

/** Costs of the SDK's own per-step machinery, measured in isolation in a worker. */
export interface SdkOverheads {
  /** One `nextMacrotask()` hop (src/engine/yield-between-steps.ts), in microseconds. */
  macrotaskHopUs: number;
  /** One sampling step over 151,936 logits (top-k 20, top-p 0.8), plus the keep-only fill, in ms. */
  samplingStepMs: number;
  /** One greedy arg-max over 151,936 logits (what transformers.js does per step), in ms. */
  argmaxStepMs: number;
  /** SDK incremental detokenizer, per token (two window decodes), in ms. */
  detokenizePerTokenMs: number;
  /** The SDK's whole per-token text path (`ReplyBuilder.push`: detokenizer, think parser, events), in ms. */
  replyBuilderPerTokenMs: number;
  /** Rendering the chat template and tokenizing an 8-turn conversation, in ms. */
  templateTurn8Ms: number;
  /** Same, for the first turn only. */
  templateTurn1Ms: number;
  /** JSON answers: xgrammar loaded and the vocabulary read into it, once per model, in ms. */
  jsonSetupMs: number;
  /** JSON answers: one schema compiled (once per schema), in ms. */
  jsonCompileMs: number;
  /** JSON answers: the next token's mask computed and the token accepted, per token, in ms. */
  jsonMaskPerTokenMs: number;
  /** JSON answers: the mask applied to 151,936 logits, per token, in ms. */
  jsonApplyMaskMs: number;
}

/** A figure's spread over repeats. */
export interface Spread {
  median: number;
  best: number;
  values: number[];
}
