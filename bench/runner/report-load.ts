/** BENCHMARKS.md: the load tables of one run (loads, the traced SDK load, the warm load's pieces). */
import { mb, ms, pct, table } from './format.js';
import type { ModelRun, WarmLoad } from './results.js';
import type { RunSummary } from './targets.js';
import { median } from './stats.js';

function firstReply(loads: readonly WarmLoad[]): string {
  const values = loads.map((load) => load.firstReplyTtftMs).filter((v): v is number => v !== undefined);
  return values.length > 0 ? `first reply's time to first token ${ms(median(values))}` : '';
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
      'cold load (network → IndexedDB → session → warm-up reply)',
      ms(cold?.wallMs),
      ms(cold?.sdkLoadMs),
      `${cold?.hubRequests ?? '–'} requests, ${mb(cold?.hubBytes)} from the model server; every file in after ${ms(filesIn(cold))}`,
    ],
    [
      `**warm load** (IndexedDB), SDK default (warm-up reply), median of ${warm.length}`,
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

/** The SDK's `loadModel` traced from inside. */
function traceTable(run: ModelRun): string {
  const trace = run.load.trace;
  if (!trace) return '';
  const span = (name: string): { startMs: number; ms: number } | undefined => trace.spans.find((s) => s.name === name);
  const tokenizer = span('AutoTokenizer.from_pretrained');
  const model = span('AutoModelForCausalLM.from_pretrained');
  const warmUp = span('generate (warm-up)');
  const session = trace.sessions.reduce((sum, s) => sum + s.ms, 0);
  const end = warmUp ? warmUp.startMs + warmUp.ms : model ? model.startMs + model.ms : Number.NaN;
  const rows = [
    ['capabilities, config, file list, preflight', ms(tokenizer?.startMs), pct(tokenizer?.startMs, trace.totalMs)],
    ['`AutoTokenizer.from_pretrained` (read from IndexedDB + parse)', ms(tokenizer?.ms), pct(tokenizer?.ms, trace.totalMs)],
    ['`AutoModelForCausalLM.from_pretrained`, reading the model from IndexedDB', ms(model ? model.ms - session : undefined), pct(model ? model.ms - session : undefined, trace.totalMs)],
    ['… `InferenceSession.create` inside it', ms(session), pct(session, trace.totalMs)],
    ['warm-up reply (`generate`, 2 tokens)', ms(warmUp?.ms), pct(warmUp?.ms, trace.totalMs)],
    ['after: model record, special tokens', ms(trace.totalMs - end), pct(trace.totalMs - end, trace.totalMs)],
    ['`loadModel` total (no worker start)', ms(trace.totalMs), '100 %'],
  ];
  return table(["the SDK's `loadModel`, warm, traced inside (src/engine/load-model.ts)", 'time', 'share'], rows);
}

/** The warm load's pieces, each alone. */
function piecesTable(run: ModelRun, summary: RunSummary): string {
  const { profile } = run.load;
  const rows: [string, number | undefined][] = [
    ['worker start (module worker importing transformers.js)', profile?.workerStartMs],
    [`IndexedDB reads (${profile?.chunks ?? '–'} chunks, ${mb(profile?.storedBytes)})`, profile?.idbReadMs],
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
