/**
 * BENCHMARKS.md's findings: for each run and target, what the figures say —
 * and where a target is missed, why (from the measured pieces, not guesses)
 * and what would close it. Written from the numbers of the run at hand, so a
 * re-run on another machine rewrites them.
 */
import type { TurnFigures } from '../shared/figures.js';
import { ms, num, pct, times } from './format.js';
import { traceSteps } from './report-load.js';
import type { ModelRun } from './results.js';
import { median } from './stats.js';
import type { RunSummary, TargetCheck } from './targets.js';

function verdict(check: TargetCheck | undefined): string {
  if (!check || check.met === undefined) return 'not measured';
  return check.met ? 'met' : '**missed**';
}

/** Relative spread of repeated values: (max − min) / median. */
function relativeSpread(values: readonly number[]): number {
  return values.length < 2 ? Number.NaN : (Math.max(...values) - Math.min(...values)) / median(values);
}

function decodeFinding(run: ModelRun, summary: RunSummary): string[] {
  const check = summary.targets[0];
  const sdk = summary.sdkDecode;
  const base = summary.baselineDecode;
  const o = run.overheads;
  const stepMs = 1000 / sdk.median;
  const perTokenMs = (o.macrotaskHopUs ?? 0) / 1000 + (o.replyBuilderPerTokenMs ?? o.detokenizePerTokenMs ?? 0);
  const gapMs = 1000 / sdk.best - 1000 / base.best;
  const noise = Math.max(relativeSpread(sdk.values), relativeSpread(base.values));
  const lines = [
    `- **Decode, ${verdict(check)}** (${times(check?.value)}): SDK ${num(sdk.best, 1)} vs bare transformers.js ${num(base.best, 1)} tokens/s, best of ${sdk.values.length} (medians ${num(sdk.median, 1)} vs ${num(base.median, 1)}; run-to-run spread up to ${pct(noise, 1)}).` +
      ` What the SDK adds per greedy step, measured alone: a macrotask hop ${num(o.macrotaskHopUs)} µs (made before a forward pass once 8 ms passed since the last, so at most every step) and the per-token text path (\`ReplyBuilder.push\`: detokenizer, think parser, events) ${num(o.replyBuilderPerTokenMs, 3)} ms — ${pct(perTokenMs, stepMs)} of a ${ms(stepMs)} step. Greedy with thinking off runs no logits processor of ours.`,
  ];
  const ablation = run.decode.ablation;
  const sdkVsBare = summary.ablationSdk.median / summary.ablationBare.median;
  if (ablation) {
    const hopShare = 1 - summary.ablationSdk.median / summary.ablationWithoutHop.median;
    lines.push(
      `  On one session in one worker — no second worker, no second copy of the runtime — the SDK's reply path (\`generateReply\` with the hop and the batched events, as its engine runs it) decodes ${num(summary.ablationSdk.median, 1)} tokens/s against ${num(summary.ablationBare.median, 1)} for a bare \`generate()\` (${times(sdkVsBare)}, medians of ${ablation.bare.length}); without the macrotask hop ${num(summary.ablationWithoutHop.median, 1)} (${times(summary.ablationWithoutHop.median / summary.ablationBare.median)}). Inside the decoding worker the wrapper costs ${num(ablation.hopInSituUs)} µs per step (median; mean ${num(ablation.hopInSituMeanUs)} µs — steps that hop wait for whatever queued up in the worker), against ${num(o.macrotaskHopUs)} µs for one hop in an idle worker.`,
    );
    const slowerRounds = ablation.sdk.filter((value, i) => value < (ablation.sdkWithoutHop[i] ?? Number.NaN)).length;
    const consistent = slowerRounds >= Math.ceil(ablation.sdk.length * 0.8);
    if (hopShare > 0.03 && !consistent) {
      lines.push(`  With the hop the reply path was slower in ${slowerRounds} of ${ablation.sdk.length} rounds only: not conclusive on this machine.`);
    }
    if (hopShare > 0.03 && consistent) {
      lines.push(
        `  With the hop the reply path was slower in ${slowerRounds} of ${ablation.sdk.length} rounds: the hop costs ${pct(hopShare, 1)} of the decode speed on this model (${num(1000 / summary.ablationSdk.median - 1000 / summary.ablationWithoutHop.median, 2)} ms per token; its wall time averages ${num(ablation.hopInSituMeanUs)} µs per step in situ). It exists so that \`abort()\` and the batched events get through while ORT runs (src/engine/yield-between-steps.ts), and is already made only when due (8 ms after the last); a longer interval would delay both. On a real model's 30–100 ms steps it is ${num(((1000 / summary.ablationSdk.median - 1000 / summary.ablationWithoutHop.median) / 50) * 100, 1)} % of a 50 ms step.`,
      );
    }
  }
  if (check?.met === false) {
    const sdkPathFine = ablation !== undefined && sdkVsBare >= (check.limit ?? 0.97);
    lines.push(
      sdkPathFine
        ? `  So the SDK's own code path is within the target where both run under the same conditions; the gap between the two workers (${num(gapMs, 2)} ms per token) comes from running two engines side by side on a small, shared machine, not from the SDK. Re-run on a quiet machine.`
        : Number.isFinite(noise) && noise > Math.abs(1 - (check.value ?? 1))
          ? `  The gap (${num(gapMs, 2)} ms per token) is smaller than the spread between repeats of the same code: on this machine it is noise, not a cost of the SDK. Re-run on a quiet machine.`
          : ablation
            ? `  The gap is ${num(gapMs, 2)} ms per token against ${num(perTokenMs, 3)} ms of measured SDK work per step; the one-session comparison above says how much of it is the SDK's reply path.`
            : `  The gap is ${num(gapMs, 2)} ms per token against ${num(perTokenMs, 3)} ms of measured SDK work per step, with a run-to-run spread of ${pct(noise, 1)} over ${sdk.values.length} runs of ${run.plan.decodeTokens} tokens each. This backend runs no one-session comparison (too slow here), so the SDK's share cannot be split from the noise: re-run with more repeats (\`--repeats\`).`,
    );
  }
  const sdkDelivery = median(run.decode.sdk.map((r) => r.pageFirstTextMs - r.timeToFirstTokenMs));
  const baseDelivery = median(run.decode.baseline.map((r) => r.pageFirstTextMs - r.timeToFirstTokenMs));
  if (Number.isFinite(sdkDelivery)) {
    lines.push(
      `  The first text reaches the page ${ms(sdkDelivery)} after the engine produced the first token (median), against ${ms(baseDelivery)} for the bare loop posting each token: the SDK's event batcher (src/engine/event-batcher.ts) sends the first delta at once and batches only after it, so batching adds nothing to the visible time to first token.`,
    );
  }
  if (run.decode.sdkSampled.length > 0) {
    const extraMs = 1000 / summary.sampledDecode.median - 1000 / sdk.median;
    const versus = extraMs > 0 ? `${num(extraMs, 2)} ms more per token than greedy` : 'no slower than greedy within the noise';
    lines.push(
      `  With sampling on (temperature 0.7, top-k 20, top-p 0.8 — the defaults whenever \`temperature\` is not 0) the SDK decodes ${num(summary.sampledDecode.median, 1)} tokens/s (median): ${versus}. Its \`SamplingProcessor\` measured alone costs ${num(o.samplingStepMs, 2)} ms per step over all 151,936 logits (top-k scan, softmax of the candidates, then \`fill(-Infinity)\` of the whole row); transformers.js's own greedy arg-max over the row costs ${num(o.argmaxStepMs, 2)} ms. That is ${num(((o.samplingStepMs ?? Number.NaN) / stepMs) * 100, 0)} % of this model's ${ms(stepMs)} step and ${num(((o.samplingStepMs ?? Number.NaN) / 50) * 100, 1)} % of a real model's 50 ms one.`,
    );
  }
  return lines;
}

function conversationFinding(run: ModelRun, summary: RunSummary): string[] {
  const check = summary.targets[1];
  const turns = summary.reuseTurns;
  const first = turns[0];
  const last = turns.at(-1);
  const atOnce = summary.reuseAtOnceTurns;
  const atOnceLast = atOnce.at(-1);
  if (!first || !last) return [`- **Turn-8 / turn-1 time to first text: ${verdict(check)}.**`];
  const ratioOf = (t: readonly TurnFigures[]) => (t.at(-1)?.pageFirstTextMs ?? Number.NaN) / (t[0]?.pageFirstTextMs ?? Number.NaN);
  const delivery = last.pageFirstTextMs - last.timeToFirstTokenMs;
  const lines = [
    `- **Turn-8 / turn-1 time to first text with KV reuse, ${verdict(check)}** (${times(check?.value)}, each turn sent after a typing pause; sent the moment the previous reply ended ${times(ratioOf(atOnce))}; without reuse ${times(ratioOf(summary.noReuseTurns))}). Turn 1 prefills ${first.prefillTokens} tokens; its first text reaches the page after ${ms(first.pageFirstTextMs)}. Turn 8's prompt is ${last.promptTokens} tokens, of which ${last.prefillTokens} were prefilled: ${ms(last.pageFirstTextMs)} on the page = ${ms(last.prefillMs)} prefill + ${ms(last.setupMs)} setup (template, tokenizing the whole history, checking and cutting the cache) + ${ms(delivery)} to and from the worker.`,
    `  Why only ${last.prefillTokens}: Qwen3's chat template renders an earlier assistant turn as \`<|im_start|>assistant\\n{answer}<|im_end|>\`, without the think block the model generated after \`<|im_start|>assistant\\n\`, so every new prompt parts from the cache where the previous reply began (src/engine/kv-cache.ts compares tokens and cuts there). As soon as a reply ends, the engine prefills it in its history form (src/engine/next-turn-prefill.ts), in the time the user reads and types; the next turn then prefills only its own message.`,
  ];
  if (atOnceLast && atOnceLast.prefillTokens > last.prefillTokens) {
    lines.push(
      `  Sent at once, turn 8 arrived before that prefill had run its first chunk (cutting the cache back first reads it from the GPU on WebGPU, an await in which the new message gets in and preempts it), so the turn prefilled ${atOnceLast.prefillTokens} tokens itself: first text after ${ms(atOnceLast.pageFirstTextMs)} on the page.`,
    );
  } else if (atOnceLast) {
    lines.push(
      `  Sent at once, turn 8 waits for that prefill in the engine's queue: its first text after ${ms(atOnceLast.pageFirstTextMs)} on the page (${ms(atOnceLast.timeToFirstTokenMs)} of it in the reply itself). That is the work the turn would otherwise do itself, moved before it; a request arriving meanwhile waits for at most one 64-token chunk of it.`,
    );
  }
  if (check?.met === false) {
    const perToken = (turn: TurnFigures) => turn.prefillMs / Math.max(1, turn.prefillTokens);
    lines.push(
      `  What remains: turn 8 prefilled ${last.prefillTokens} tokens against turn 1's ${first.prefillTokens}, but at ${num(perToken(last), 1)} ms per token against ${num(perToken(first), 1)}: its tokens attend to a ${last.promptTokens - last.prefillTokens}-token past` +
        (run.backend === 'webgpu'
          ? ', and on WebGPU each new input shape (prompt length, past length) compiles its own shaders, which SwiftShader makes expensive (see the caveats); on a real GPU that compilation is milliseconds and cached.'
          : '.') +
        ` The setup grows with the history too (${ms(first.setupMs)} at turn 1, ${ms(last.setupMs)} at turn 8: the whole conversation is rendered and tokenized again each turn); tokenizing only the new turn would keep it flat.`,
    );
  }
  return lines;
}

function streamingFinding(run: ModelRun, summary: RunSummary, loadAverage: number): string[] {
  const check = summary.targets[2];
  const sdk = run.streaming.find((s) => s.subject === 'sdk');
  if (!sdk) return [`- **Long tasks while streaming: ${verdict(check)}.**`];
  const others = run.streaming
    .filter((s) => s.subject !== 'sdk')
    .map((s) => `${s.subject === 'baseline-main' ? 'the bare loop on the main thread' : 'the bare loop in a worker, one message per token'}: ${s.count} long tasks, ${ms(s.totalMs)}, ${s.frames} frames`)
    .join('; ');
  const tasks = sdk.tasks.map((t) => `${ms(t.durationMs)} at +${ms(t.startMs)}`).join(', ');
  const lines = [
    `- **Long tasks on the main thread while streaming, ${verdict(check)}**: ${sdk.count} (${ms(sdk.totalMs)} in all) while the SDK streamed ${sdk.reply.generatedTokens} tokens in ${ms(sdk.reply.totalMs)} as ${sdk.renders} batched delta events, with ${sdk.frames} animation frames drawn. For contrast, ${others || 'no baseline streamed'}.`,
  ];
  if (check?.met === false) {
    lines.push(
      `  When: ${tasks}. The SDK's main-thread work per batch is a comlink message, an async-queue push and the page's own DOM append; a task of that size only exceeds 50 ms when the thread is descheduled, which a 2-core machine running the model's worker (and other load: load average ${num(loadAverage, 1)}) does. Check on a quiet machine; if they remain, record a trace (\`chrome://tracing\`, or Playwright's \`tracing\`) and attribute them.`,
    );
  }
  return lines;
}

function warmLoadFinding(run: ModelRun, summary: RunSummary): string[] {
  const check = summary.targets[3];
  const { profile, trace, warm, warmNoWarmUp } = run.load;
  const ortFirst = summary.ortFirst.median;
  if (!Number.isFinite(ortFirst)) return [`- **Warm load / session creation: ${verdict(check)}.**`];
  const runtimeStart = ortFirst - summary.ortSecond.median;
  const bare = summary.warmBareWall.median;
  const withWarmUp = summary.warmWall.median;
  const lines = [
    `- **Warm load vs ORT session creation from memory, ${verdict(check)}** (${times(check?.value)}): with \`warmUp: false\` the warm load takes ${ms(bare)} (page wall, median) against ${ms(ortFirst)} for a bare \`InferenceSession.create(bytes)\` in a fresh worker right after each (median; the target takes the median of the pairs' ratios), of which ${ms(runtimeStart)} is starting the runtime (first create − second create; on WebGPU it includes the device). With the SDK's default warm-up reply the warm load is ${ms(withWarmUp)} (${times(withWarmUp / ortFirst)}).`,
  ];
  if (trace) {
    const steps = traceSteps(trace);
    const span = (s: { start: number; end: number } | undefined): string => (s ? `${ms(s.end - s.start)} (${ms(s.start)}–${ms(s.end)})` : '–');
    lines.push(
      `  Where it goes — the SDK's \`loadModel\` traced from inside (warm-up on), ${ms(steps.total)} in all: capabilities, config and preflight ${ms(steps.before)}; tokenizer ${span(steps.tokenizer)} and model ${span(steps.model)} ${steps.parallel ? 'at the same time' : 'one after the other'}, ${steps.runtimeStart ? `the runtime starting ${span(steps.runtimeStart)} meanwhile (its one-node session), ` : ''}with the model's \`InferenceSession.create\` ${span(steps.session)}; ${steps.warmUpInsideLoad ? `warm-up reply ${span(steps.warmUp)}; then ${ms(steps.after)}` : `then ${ms(steps.after)}; after the load resolved, the warm-up reply ${span(steps.warmUp)}`}. Before that the page waits ${ms(profile?.workerStartMs)} for the worker to start (importing transformers.js). Measured alone: IndexedDB reads ${ms(profile?.idbReadMs)} and the per-chunk checksums ${ms(profile?.chunkDigestMs)} for ${num((profile?.storedBytes ?? Number.NaN) / 1e6, 1)} MB, parsing tokenizer.json from memory ${ms(profile?.tokenizerFromMemoryMs)}.`,
    );
  }
  const firstWith = median(warm.map((w) => w.firstTextAfterLoadMs ?? Number.NaN));
  const firstWithout = median(warmNoWarmUp.map((w) => w.firstTextAfterLoadMs ?? Number.NaN));
  const atOnceWith = withWarmUp + firstWith;
  const atOnceWithout = bare + firstWithout;
  // The trace says where the warm-up runs; without one, the load times must show it.
  const warmUpInLoad = trace ? traceSteps(trace).warmUpInsideLoad : withWarmUp - bare > 0.1 * bare;
  lines.push(
    `  The warm-up reply: a message sent the moment \`load()\` resolves shows its first text ${ms(firstWith)} later with it (the SDK's default) and ${ms(firstWithout)} later with \`warmUp: false\` — ${ms(atOnceWith)} against ${ms(atOnceWithout)} from the start of the load. ` +
      (warmUpInLoad
        ? `The warm-up runs inside the load here (+${ms(withWarmUp - bare)}): resolving \`load()\` before it and running it first in the request queue would give the app "ready" ${ms(withWarmUp - bare)} sooner at no cost to that first message.`
        : atOnceWith <= atOnceWithout * 1.05
          ? 'It runs after the load resolves, so it costs the load nothing, and even a message sent at once is no later for it; a message sent a few seconds later gets a warmed-up engine.'
          : `It runs after the load resolves; a message sent at once waits ${ms(atOnceWith - atOnceWithout)} longer for it, one sent a few seconds later gets a warmed-up engine.`),
  );
  if (check?.met === false) {
    const fixed = (profile?.workerStartMs ?? 0) + (profile?.tokenizerFromMemoryMs ?? 0);
    const outside = median(warmNoWarmUp.map((w) => w.wallMs - w.sdkLoadMs));
    lines.push(
      `  What would close it: the SDK's load costs ${ms(bare - ortFirst)} more than the bare session: ${ms(outside)} of it before its \`loadModel\` starts (worker start and module loading — served unbundled by Vite's dev server here, so slower than a built app — plus the first message), the rest inside it, where besides the session the load reads ORT's runtime files back from the Cache API (${ms(profile?.runtimeCacheReadMs)} alone). The largest fixed pieces are parsing the 11 MB tokenizer.json (${ms(profile?.tokenizerFromMemoryMs)}) — on the same worker thread as the session creation, so loading both "at the same time" interleaves them but adds their CPU time — and the worker start (${ms(profile?.workerStartMs)}); together ${ms(fixed)}. Parsing the tokenizer in a second worker, or caching it in a compact form, would take most of that off. IndexedDB reads (${ms(profile?.idbReadMs)}) are I/O and already overlap the parse. These costs are the same for any model, while the session's grows with the weights: on this ${num(run.load.ortSessions[0] ? run.load.ortSessions[0].modelBytes / 1e6 : Number.NaN, 0)} MB test model they weigh far more than they would on a 0.6B export (re-run with \`--model-dir\` to see).`,
    );
  }
  return lines;
}

/** The Findings section for all runs. */
export function findings(runs: readonly ModelRun[], summaries: readonly RunSummary[], loadAverage: number): string {
  const parts = ['## Findings', ''];
  runs.forEach((run, index) => {
    const summary = summaries[index]!;
    parts.push(
      `### ${run.backend} · ${run.model.label}`,
      '',
      ...decodeFinding(run, summary),
      ...conversationFinding(run, summary),
      ...streamingFinding(run, summary, loadAverage),
      ...warmLoadFinding(run, summary),
      '',
    );
  });
  return parts.join('\n');
}
