/**
 * The four targets, computed from one run's raw figures. Reported,
 * never asserted: a benchmark that fails on a noisy machine teaches nothing.
 */
import type { Spread, TurnFigures } from '../shared/figures.js';
import type { ModelRun } from './results.js';
import { median, ratio, spread } from './stats.js';

/** One target: the measured value, the limit, and whether it is met. */
export interface TargetCheck {
  name: string;
  value: number;
  limit: number;
  /** `min`: value ≥ limit; `max`: value ≤ limit. */
  kind: 'min' | 'max';
  met: boolean | undefined;
  /** How the value was formed, for the report. */
  detail: string;
}

/** Spreads the report and the findings share. */
export interface RunSummary {
  sdkDecode: Spread;
  baselineDecode: Spread;
  sampledDecode: Spread;
  sdkTtft: Spread;
  baselineTtft: Spread;
  sdkPrefill: Spread;
  baselinePrefill: Spread;
  sdkPageFirstText: Spread;
  baselinePageFirstText: Spread;
  warmWall: Spread;
  warmSdk: Spread;
  /** Warm loads with `warmUp: false`. */
  warmBareWall: Spread;
  /** Bare ORT: first create in a fresh worker (runtime start + session), and a second one. */
  ortFirst: Spread;
  ortSecond: Spread;
  /** The one-session decode ablation. */
  ablationSdk: Spread;
  ablationWithoutHop: Spread;
  ablationBare: Spread;
  /** Each turn's fastest run (first text on the page) over the conversation repeats; reuse after a typing pause. */
  reuseTurns: TurnFigures[];
  /** The same with each turn sent the moment the previous reply ended. */
  reuseAtOnceTurns: TurnFigures[];
  noReuseTurns: TurnFigures[];
  targets: TargetCheck[];
}

/** Turn by turn, the run whose first text reached the page soonest. */
export function bestTurns(runs: readonly TurnFigures[][]): TurnFigures[] {
  const turns = Math.max(0, ...runs.map((r) => r.length));
  return Array.from({ length: turns }, (_, index) =>
    runs
      .map((r) => r[index])
      .filter((turn): turn is TurnFigures => turn !== undefined)
      .reduce((best, turn) => (turn.pageFirstTextMs < best.pageFirstTextMs ? turn : best)),
  );
}

function check(name: string, value: number, limit: number, kind: 'min' | 'max', detail: string): TargetCheck {
  const met = Number.isFinite(value) ? (kind === 'min' ? value >= limit : value <= limit) : undefined;
  return { name, value, limit, kind, met, detail };
}

/** Summarises a run and checks it against the targets. */
export function summarize(run: ModelRun): RunSummary {
  const { decode, conversation, load } = run;
  const summary: Omit<RunSummary, 'targets'> = {
    sdkDecode: spread(decode.sdk.map((r) => r.decodeTokensPerSecond), 'higher'),
    baselineDecode: spread(decode.baseline.map((r) => r.decodeTokensPerSecond), 'higher'),
    sampledDecode: spread(decode.sdkSampled.map((r) => r.decodeTokensPerSecond), 'higher'),
    sdkTtft: spread(decode.sdk.map((r) => r.timeToFirstTokenMs), 'lower'),
    baselineTtft: spread(decode.baseline.map((r) => r.timeToFirstTokenMs), 'lower'),
    sdkPrefill: spread(decode.sdk.map((r) => r.prefillTokensPerSecond), 'higher'),
    baselinePrefill: spread(decode.baseline.map((r) => r.prefillTokensPerSecond), 'higher'),
    sdkPageFirstText: spread(decode.sdk.map((r) => r.pageFirstTextMs), 'lower'),
    baselinePageFirstText: spread(decode.baseline.map((r) => r.pageFirstTextMs), 'lower'),
    warmWall: spread(load.warm.map((w) => w.wallMs), 'lower'),
    warmSdk: spread(load.warm.map((w) => w.sdkLoadMs), 'lower'),
    warmBareWall: spread(load.warmNoWarmUp.map((w) => w.wallMs), 'lower'),
    ortFirst: spread(load.ortSessions.map((o) => o.firstCreateMs), 'lower'),
    ortSecond: spread(load.ortSessions.map((o) => o.secondCreateMs), 'lower'),
    ablationSdk: spread(decode.ablation?.sdk ?? [], 'higher'),
    ablationWithoutHop: spread(decode.ablation?.sdkWithoutHop ?? [], 'higher'),
    ablationBare: spread(decode.ablation?.bare ?? [], 'higher'),
    reuseTurns: bestTurns(conversation.reuse),
    reuseAtOnceTurns: bestTurns(conversation.reuseAtOnce),
    noReuseTurns: bestTurns(conversation.noReuse),
  };
  const reuseFirst = summary.reuseTurns[0]?.pageFirstTextMs ?? Number.NaN;
  const reuseLast = summary.reuseTurns.at(-1)?.pageFirstTextMs ?? Number.NaN;
  const sdkStream = run.streaming.find((s) => s.subject === 'sdk');
  // Warm load i and ORT create i were measured back to back: the median of
  // their ratios is steadier than a ratio of medians on a shared machine.
  const pairRatios = load.warmNoWarmUp.flatMap((w, i) => {
    const ort = load.ortSessions[i];
    return ort ? [w.wallMs / ort.firstCreateMs] : [];
  });
  const targets = [
    check(
      'SDK / bare transformers.js decode tokens/s',
      ratio(summary.sdkDecode.best, summary.baselineDecode.best),
      0.97,
      'min',
      `best of ${decode.sdk.length} each, interleaved`,
    ),
    check(
      'turn-8 / turn-1 time to first token (first text on the page), KV reuse on',
      ratio(reuseLast, reuseFirst),
      1.3,
      'max',
      `8-turn conversation, greedy, thinking off, each turn sent after ${run.plan.typingPauseMs} ms of typing; first text on the page; each turn's best of ${conversation.reuse.length}`,
    ),
    check('main-thread long tasks while streaming', sdkStream?.count ?? Number.NaN, 0, 'max', `${sdkStream?.reply.generatedTokens ?? 0}-token reply, each delta appended to the DOM`),
    check(
      'warm load / ORT session creation from memory',
      median(pairRatios),
      1.3,
      'max',
      'warm load with warmUp: false (page wall) over the first ORT create in a fresh worker right after it (runtime start included); median of the pairs',
    ),
  ];
  return { ...summary, targets };
}
