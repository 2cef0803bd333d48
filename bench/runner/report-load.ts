/** BENCHMARKS.md: the load tables of one run (loads, the traced SDK load, the warm load's pieces). */
import { mb, ms, table } from './format.js';
import type { SdkLoadTrace } from '../shared/figures.js';
import type { ModelRun, WarmLoad } from './results.js';
import type { RunSummary } from './targets.js';
import { median } from './stats.js';

function firstReply(loads: readonly WarmLoad[]): string {
  const values = loads.map((load) => load.firstTextAfterLoadMs).filter((v): v is number => v !== undefined);
  return values.length > 0 ? `a message sent at once shows text after ${ms(median(values))}` : '';
}

function filesIn(load: { timeline: { filesDoneMs: Record<string, number> } } | undefined): number | undefined {
  const times = Object.values(load?.timeline.filesDoneMs ?? {});
  return times.length > 0 ? Math.max(...times) : undefined;
}

/** Loads side by side. */
function loadsTable(run: ModelRun, summary: RunSummary): string {
  const { cold, baseline, warm, warmNoWarmUp } = run.load;
  const bytes = run.load.ortSessions[0]?.modelBytes;
  const warmFilesIn = median(warm.map((w) => filesIn(w) ?? Number.NaN));
  const rows = [
    [
      'cold load (network → IndexedDB → session)',
      ms(cold?.wallMs),
      ms(cold?.sdkLoadMs),
      `${cold?.hubRequests ?? '–'} requests, ${mb(cold?.hubBytes)} from the model server; every file in after ${ms(filesIn(cold))}`,
    ],
    [
      `**warm load** (IndexedDB), SDK defaults (warm-up reply on), median of ${warm.length}`,
      ms(summary.warmWall.median),
      ms(summary.warmSdk.median),
      `every file in after ${ms(warmFilesIn)}; ${firstReply(warm)}; model requests: ${warm.map((w) => w.hubRequests).join(', ') || '–'}`,
    ],
    [
      `**warm load, \`warmUp: false\`**, median of ${warmNoWarmUp.length}`,
      ms(summary.warmBareWall.median),
      ms(median(warmNoWarmUp.map((w) => w.sdkLoadMs))),
      firstReply(warmNoWarmUp),
    ],
    ['baseline load (bare transformers.js: network, no cache, no warm-up)', ms(baseline ? baseline.loadMs + baseline.workerStartMs : undefined), ms(baseline?.loadMs), 'wall includes its worker start'],
    [
      `**ORT \`InferenceSession.create(bytes)\`**, fresh worker, median of ${summary.ortFirst.values.length}`,
      ms(summary.ortFirst.median),
      '–',
      `runtime start + session; ${mb(bytes)} model, runtime binary in memory too; best ${ms(summary.ortFirst.best)}`,
    ],
    ['ORT `InferenceSession.create(bytes)`, runtime already started', ms(summary.ortSecond.median), '–', 'the session alone'],
  ];
  return table(['load', 'page wall', 'SDK `loadMs`', 'notes'], rows);
}

/** The steps of a traced `loadModel`, each with its start and end (ms after the load began). */
export interface TraceSteps {
  tokenizer?: { start: number; end: number };
  model?: { start: number; end: number };
  /** The one-node session that starts the runtime early (src/engine/start-runtime.ts), when there is one. */
  runtimeStart?: { start: number; end: number };
  /** The model's own `InferenceSession.create`. */
  session?: { start: number; end: number };
  warmUp?: { start: number; end: number };
  /** True when the warm-up reply runs before the load resolves (older engines); false when after. */
  warmUpInsideLoad: boolean;
  /** Before the first of tokenizer and model: capabilities, config, file list, preflight. */
  before: number;
  /** After the last traced step: the model record, special tokens. */
  after: number;
  total: number;
  /** True when the tokenizer and the model were loaded at the same time. */
  parallel: boolean;
}

/** Reads the steps out of a trace. */
export function traceSteps(trace: SdkLoadTrace): TraceSteps {
  const step = (name: string): { start: number; end: number } | undefined => {
    const span = trace.spans.find((s) => s.name === name);
    return span && { start: span.startMs, end: span.startMs + span.ms };
  };
  const tokenizer = step('AutoTokenizer.from_pretrained');
  const model = step('AutoModelForCausalLM.from_pretrained');
  const warmUp = step('generate (warm-up)');
  const spanOf = (s: { startMs: number; ms: number } | undefined) => s && { start: s.startMs, end: s.startMs + s.ms };
  const runtimeStart = trace.sessions.length > 1 ? spanOf(trace.sessions[0]) : undefined;
  const session = spanOf(trace.sessions.at(-1));
  const starts = [tokenizer?.start, model?.start].filter((v): v is number => v !== undefined);
  // A warm-up inside the load counts towards it; one after the load resolved does not.
  const inside = warmUp !== undefined && warmUp.end <= trace.totalMs + 1;
  const ends = [tokenizer?.end, model?.end, inside ? warmUp.end : undefined].filter((v): v is number => v !== undefined);
  return {
    tokenizer,
    model,
    runtimeStart,
    session,
    warmUp,
    warmUpInsideLoad: inside,
    before: starts.length > 0 ? Math.min(...starts) : Number.NaN,
    after: ends.length > 0 ? trace.totalMs - Math.max(...ends) : Number.NaN,
    total: trace.totalMs,
    parallel: tokenizer !== undefined && model !== undefined && tokenizer.start < model.end && model.start < tokenizer.end,
  };
}

/** The SDK's `loadModel` traced from inside, as a timeline (steps may overlap). */
function traceTable(run: ModelRun): string {
  if (!run.load.trace) return '';
  const steps = traceSteps(run.load.trace);
  const row = (name: string, span: { start: number; end: number } | undefined): string[] => [name, ms(span?.start), ms(span?.end), ms(span ? span.end - span.start : undefined)];
  const rows = [
    ['capabilities, config, file list, preflight', ms(0), ms(steps.before), ms(steps.before)],
    row('`AutoTokenizer.from_pretrained` (read from IndexedDB + parse)', steps.tokenizer),
    row('`AutoModelForCausalLM.from_pretrained` (read from IndexedDB + session)', steps.model),
    ...(steps.runtimeStart ? [row('runtime start: a one-node session, started with the load (start-runtime.ts)', steps.runtimeStart)] : []),
    row("… the model's `InferenceSession.create` inside it", steps.session),
    ...(steps.warmUpInsideLoad ? [row('warm-up reply (`generate`, 2 tokens)', steps.warmUp)] : []),
    ['model record, special tokens', ms(steps.total - steps.after), ms(steps.total), ms(steps.after)],
    ...(steps.warmUp && !steps.warmUpInsideLoad ? [row('warm-up reply, after `load()` resolved (first in the request queue)', steps.warmUp)] : []),
  ];
  const note = steps.parallel ? 'Tokenizer and model load at the same time (`Promise.all`), so the steps overlap.' : 'The steps run one after another.';
  return [
    table([`the SDK's \`loadModel\`, warm, traced inside: ${ms(steps.total)} in all`, 'from', 'to', 'takes'], rows),
    '',
    note,
  ].join('\n');
}

/** The warm load's pieces, each alone. */
function piecesTable(run: ModelRun, summary: RunSummary): string {
  const { profile } = run.load;
  const rows: [string, number | undefined][] = [
    ['worker start (module worker importing transformers.js)', profile?.workerStartMs],
    [`IndexedDB reads (${profile?.chunks ?? '–'} chunks, ${mb(profile?.storedBytes)})`, profile?.idbReadMs],
    ["ORT's runtime files read back from the SDK's Cache API store (src/store/runtime-cache.ts)", profile?.runtimeCacheReadMs],
    ['per-chunk checksums (`chunkDigest`, src/store/digest.ts), as every warm load checks them', profile?.chunkDigestMs],
    ['`AutoTokenizer.from_pretrained`, tokenizer.json in memory (parse + build)', profile?.tokenizerFromMemoryMs],
    ['`AutoModelForCausalLM.from_pretrained`, model in memory (runtime start + session)', profile?.modelFromMemoryMs],
    ['ORT runtime start (first create − second create, medians)', summary.ortFirst.median - summary.ortSecond.median],
    ['whole-file SHA-256 (`createFileHasher`; cold loads only, for files the hub gives a SHA-256)', profile?.wholeFileShaMs],
  ];
  return table(['a piece of the load, measured alone in a fresh worker', 'time'], rows.map(([name, value]) => [name, ms(value)]));
}

/** All load tables of a run. */
export function loadSection(run: ModelRun, summary: RunSummary): string {
  return [loadsTable(run, summary), '', traceTable(run), '', piecesTable(run, summary)].join('\n');
}
