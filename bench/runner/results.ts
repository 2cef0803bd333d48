/**
 * The shape of `bench/results.json`: raw figures per backend and model, the
 * machine they were measured on, and the derived ratios against the targets.
 */
import type {
  Backend,
  DecodeAblation,
  LoadFigures,
  LongTaskFigures,
  OrtSessionFigures,
  ReplyFigures,
  SdkLoadTrace,
  SdkOverheads,
  TurnFigures,
  WarmLoadProfile,
} from '../shared/figures.js';
import type { FullSizeResults } from './full-size-results.js';
import type { BackendPlan } from './plan.js';

/** Where the figures were measured. */
export interface MachineInfo {
  date: string;
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  platform: string;
  node: string;
  chromium: string;
  /** `git rev-parse HEAD` and whether the tree had changes. */
  commit: string;
  /** 1-minute load average before and after the run: a busy machine makes every figure noisier. */
  loadAverageBefore: number;
  loadAverageAfter: number;
  /** What the page saw: cores, cross-origin isolation, the WebGPU adapter. */
  page: Record<string, Record<string, unknown>>;
}

/** A cold load plus what it fetched from the hub. */
export interface ColdLoad extends LoadFigures {
  /** Requests and body bytes the model server saw for this model during the load. */
  hubRequests: number;
  hubBytes: number;
}

/** A warm load plus the model requests it still made (should be 0). */
export interface WarmLoad extends LoadFigures {
  hubRequests: number;
}

/** Every figure of one backend × model. */
export interface ModelRun {
  backend: Backend;
  model: { label: string; id: string; host: string; source: string; dtype: string; storedBytes: number; onnxFiles: string[] };
  plan: BackendPlan;
  load: {
    cold?: ColdLoad;
    /** Warm loads as an app gets them (the SDK's default warm-up reply included). */
    warm: WarmLoad[];
    /** Warm loads with `warmUp: false`: like for like with a bare session creation. */
    warmNoWarmUp: WarmLoad[];
    /** The SDK's load path traced from inside (warm, warm-up on). */
    trace?: SdkLoadTrace;
    baseline?: { workerStartMs: number; loadMs: number };
    /** Bare `InferenceSession.create(bytes)`, one fresh worker each. */
    ortSessions: OrtSessionFigures[];
    profile?: Partial<WarmLoadProfile>;
  };
  decode: { sdk: ReplyFigures[]; baseline: ReplyFigures[]; sdkSampled: ReplyFigures[]; ablation?: DecodeAblation };
  /**
   * Each conversation run (turn by turn), per mode — KV reuse with each turn
   * sent after a typing pause, KV reuse with each turn sent at once, no
   * reuse — and the baseline's first token per turn.
   */
  conversation: { reuse: TurnFigures[][]; reuseAtOnce: TurnFigures[][]; noReuse: TurnFigures[][]; baseline: ReplyFigures[] };
  streaming: LongTaskFigures[];
  overheads: Partial<SdkOverheads>;
  /** Sections that failed, with their error. */
  errors: string[];
  /** Browser console errors and page errors seen during the run. */
  browserErrors: string[];
  wallSeconds: number;
}

/** The whole file. */
export interface BenchResults {
  schema: 1;
  quick: boolean;
  machine: MachineInfo;
  runs: ModelRun[];
  /** Failures outside any run (a browser that did not start…). */
  errors: string[];
  wallSeconds: number;
  /** The full-size model's figures (`--full-size`), measured in a run of their own and kept across runs. */
  fullSize?: FullSizeResults;
}
