/** BENCHMARKS.md: the reply tables of one run (decode, conversation, streaming, SDK overheads). */
import { ms, num, pct, table, times } from './format.js';
import type { TurnFigures } from '../shared/figures.js';
import type { ModelRun } from './results.js';
import type { RunSummary } from './targets.js';

/** Decode: SDK and baseline side by side, and the one-session ablation. */
export function decodeSection(run: ModelRun, summary: RunSummary): string {
  const tokens = (list: readonly { generatedTokens: number }[]): string => [...new Set(list.map((r) => r.generatedTokens))].join('/') || '–';
  const prompt = (list: readonly { promptTokens: number }[]): string => [...new Set(list.map((r) => r.promptTokens))].join('/') || '–';
  const rows = [
    ['decode tokens/s, best', num(summary.sdkDecode.best, 1), num(summary.baselineDecode.best, 1), times(summary.sdkDecode.best / summary.baselineDecode.best), num(summary.sampledDecode.best, 1)],
    ['decode tokens/s, median', num(summary.sdkDecode.median, 1), num(summary.baselineDecode.median, 1), times(summary.sdkDecode.median / summary.baselineDecode.median), num(summary.sampledDecode.median, 1)],
    ['time to first token (engine thread), median', ms(summary.sdkTtft.median), ms(summary.baselineTtft.median), times(summary.sdkTtft.median / summary.baselineTtft.median), '–'],
    ['first text on the page, median', ms(summary.sdkPageFirstText.median), ms(summary.baselinePageFirstText.median), times(summary.sdkPageFirstText.median / summary.baselinePageFirstText.median), '–'],
    ['prefill tokens/s, median', num(summary.sdkPrefill.median), num(summary.baselinePrefill.median), times(summary.sdkPrefill.median / summary.baselinePrefill.median), '–'],
    ['prompt / generated tokens', `${prompt(run.decode.sdk)} / ${tokens(run.decode.sdk)}`, `${prompt(run.decode.baseline)} / ${tokens(run.decode.baseline)}`, '', tokens(run.decode.sdkSampled)],
    ['all decode runs (tokens/s)', summary.sdkDecode.values.map((v) => num(v, 1)).join(', '), summary.baselineDecode.values.map((v) => num(v, 1)).join(', '), '', summary.sampledDecode.values.map((v) => num(v, 1)).join(', ') || '–'],
  ];
  const main = table(['', 'SDK', 'baseline (worker)', 'SDK / baseline', 'SDK sampled (T 0.7, top-k 20, top-p 0.8)'], rows);
  if (!run.decode.ablation) return main;
  const bare = summary.ablationBare.median;
  const ablation = table(
    [`one session in one worker, median of ${summary.ablationBare.values.length}`, 'decode tokens/s', 'vs bare', 'all runs'],
    [
      ["the SDK's `generateReply` as its engine runs it (hop when due, batched events)", summary.ablationSdk],
      ['… without the macrotask hop', summary.ablationWithoutHop],
      ['bare `model.generate()`, same prompt tokens', summary.ablationBare],
    ].map(([name, values]) => {
      const spread = values as RunSummary['ablationBare'];
      return [name as string, num(spread.median, 1), times(spread.median / bare), spread.values.map((v) => num(v, 1)).join(', ')];
    }),
  );
  return [main, '', ablation].join('\n');
}

/** The 8-turn conversation, turn by turn. */
export function conversationSection(run: ModelRun, summary: RunSummary): string {
  const { baseline } = run.conversation;
  const typed = summary.reuseTurns;
  const atOnce = summary.reuseAtOnceTurns;
  const noReuse = summary.noReuseTurns;
  const rows = typed.map((turn, index) => {
    const sent = atOnce[index];
    return [
      String(turn.turn),
      String(turn.promptTokens),
      String(turn.prefillTokens),
      ms(turn.pageFirstTextMs),
      `${ms(turn.prefillMs)} + ${ms(turn.setupMs)}`,
      sent ? `${sent.prefillTokens}` : '–',
      ms(sent?.pageFirstTextMs),
      ms(noReuse[index]?.pageFirstTextMs),
      ms(baseline[index]?.timeToFirstTokenMs),
    ];
  });
  const lastOverFirst = (turns: readonly TurnFigures[]) =>
    times((turns.at(-1)?.pageFirstTextMs ?? Number.NaN) / (turns[0]?.pageFirstTextMs ?? Number.NaN));
  const baseRatio = (baseline.at(-1)?.timeToFirstTokenMs ?? Number.NaN) / (baseline[0]?.timeToFirstTokenMs ?? Number.NaN);
  rows.push(['8 / 1', '', '', `**${lastOverFirst(typed)}**`, '', '', lastOverFirst(atOnce), lastOverFirst(noReuse), times(baseRatio)]);
  return table(
    [
      'turn',
      'prompt tokens',
      'prefilled (reuse, typed)',
      'first text, reuse, typed',
      '= prefill + setup (engine)',
      'prefilled (reuse, at once)',
      'first text, reuse, at once',
      'first text, no reuse',
      'baseline TTFT',
    ],
    rows,
  );
}

/** Long tasks and frames while streaming. */
export function streamingSection(run: ModelRun): string {
  const names: Record<string, string> = { sdk: 'SDK (its worker, batched events)', 'baseline-worker': 'baseline in a worker (a message per token)', 'baseline-main': 'baseline on the main thread' };
  const rows = run.streaming.map((s) => [
    names[s.subject] ?? s.subject,
    String(s.count),
    ms(s.totalMs),
    ms(s.longestMs),
    ms(s.blockingMs),
    `${s.renders}`,
    `${s.frames}`,
    `${s.reply.generatedTokens} in ${ms(s.reply.totalMs)}`,
  ]);
  return table(['streaming into the DOM', 'long tasks', 'total', 'longest', 'blocking (> 50 ms)', 'DOM appends', 'frames', 'tokens'], rows);
}

/** The SDK's per-step machinery, measured alone. */
export function overheadsSection(run: ModelRun, summary: RunSummary): string {
  const o = run.overheads;
  const stepMs = 1000 / summary.sdkDecode.median;
  const rows = [
    ['decode step (SDK, median)', ms(stepMs), 'for scale'],
    ['one `nextMacrotask()` hop (yield-between-steps.ts), idle worker', `${num(o.macrotaskHopUs, 0)} µs`, pct((o.macrotaskHopUs ?? Number.NaN) / 1000, stepMs)],
    [
      'the same hop inside the decoding worker (decode ablation): median / mean',
      `${num(run.decode.ablation?.hopInSituUs, 0)} / ${num(run.decode.ablation?.hopInSituMeanUs, 0)} µs`,
      pct((run.decode.ablation?.hopInSituMeanUs ?? Number.NaN) / 1000, stepMs),
    ],
    ['sampling step over 151,936 logits (only when temperature > 0)', `${num(o.samplingStepMs, 2)} ms`, pct(o.samplingStepMs, stepMs)],
    ['greedy arg-max over 151,936 logits (transformers.js does it either way)', `${num(o.argmaxStepMs, 2)} ms`, pct(o.argmaxStepMs, stepMs)],
    ['incremental detokenizer, per token', `${num(o.detokenizePerTokenMs, 3)} ms`, pct(o.detokenizePerTokenMs, stepMs)],
    ['whole per-token text path (`ReplyBuilder.push`: detokenizer, think parser, events)', `${num(o.replyBuilderPerTokenMs, 3)} ms`, pct(o.replyBuilderPerTokenMs, stepMs)],
    ['chat template + tokenize, turn 1', `${num(o.templateTurn1Ms, 1)} ms`, 'per reply'],
    ['chat template + tokenize, turn 8', `${num(o.templateTurn8Ms, 1)} ms`, 'per reply'],
    ['JSON answer: next-token mask (xgrammar) + accepting the token, per token', `${num(o.jsonMaskPerTokenMs, 3)} ms`, pct(o.jsonMaskPerTokenMs, stepMs)],
    ['JSON answer: the mask applied to 151,936 logits, per token', `${num(o.jsonApplyMaskMs, 3)} ms`, pct(o.jsonApplyMaskMs, stepMs)],
    ['JSON answer: a schema compiled (once per schema and model)', `${num(o.jsonCompileMs, 1)} ms`, 'per new schema'],
    ['JSON answer: xgrammar loaded, the vocabulary read into it (once per model)', `${num(o.jsonSetupMs, 0)} ms`, 'first JSON request'],
  ];
  return table(['SDK machinery, measured alone', 'cost', 'of a decode step'], rows);
}
