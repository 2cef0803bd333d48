/**
 * Renders BENCHMARKS.md from the results: how to run, the machine, the
 * targets, a section per backend and model, and the findings (why a target
 * is missed, with the measured evidence, and what would close it).
 */
import { findings } from './findings.js';
import { mb, ms, num, pct, table, times } from './format.js';
import type { BenchResults, ModelRun } from './results.js';
import { summarize, type RunSummary, type TargetCheck } from './targets.js';

const HOW_TO_RUN = `## How to run

\`\`\`sh
npm run bench                                  # = npx tsx scripts/bench.ts: tiny model, WASM and WebGPU (SwiftShader)
npx tsx scripts/bench.ts --quick               # tiny model, WASM only, one repeat → bench/quick/
npx tsx scripts/bench.ts --backends wasm       # one backend
npx tsx scripts/bench.ts --model-dir /data/models/onnx-community/Qwen3-0.6B-ONNX --dtype q4
npx tsx scripts/bench.ts --host http://127.0.0.1:8787 --model onnx-community/Qwen3-0.6B-ONNX
\`\`\`

It serves the bench page (\`bench/pages/\`) with Vite on port 5288 (\`--port\`), cross-origin isolated like the test harness, serves the models with the hub-layout server (\`scripts/hub-server\`), and drives headless Chromium (\`/usr/bin/chromium\` or \`CHROMIUM_PATH\`) with playwright-core. Raw figures go to \`bench/results.json\`; this file is generated from them. The bench reports and never asserts: it exits 0 unless a measurement crashed. Offline; about 5–10 minutes on 2 cores.`;

const METHOD = `## What is measured, and how

- **Cold load**: a fresh browser context (empty IndexedDB, Cache API and HTTP cache); from \`createQwen3Client()\` (the worker spawn) to \`load()\` resolving. The SDK's own \`loadMs\` (inside the worker) is shown too.
- **Warm load**: a new page in the same context, so the weights come from IndexedDB; the model server's log confirms no model file was requested.
- **ORT session from memory**: onnxruntime-web alone (\`onnxruntime-web/webgpu\`, the bundle transformers.js imports, same version, the SDK's same-origin \`ort-wasm-simd-threaded.asyncify.{mjs,wasm}\`) in a fresh worker: \`InferenceSession.create(bytes)\` with the model already in memory. The first create includes the runtime's start (WASM compile, WebGPU device); a second create in the same worker is the session alone.
- **Decode and time to first token**: a greedy reply (\`temperature: 0\`, thinking off, \`reuseKvCache: false\`) to the same prompt; the SDK's \`finish\` event gives time to first token, prefill and decode tokens/s. The **baseline** is a bare transformers.js loop — \`AutoTokenizer\` / \`AutoModelForCausalLM.from_pretrained\` with the same device and dtype, the same chat template and prompt tokens, \`model.generate({ ...inputs, max_new_tokens, do_sample: false, streamer })\` with a minimal streamer — **in a plain module worker**, as the SDK runs in its own worker; the same timing definitions (time to first token from before the template; decode rate over the tokens after the first). The tiny model practically never emits EOS, so both generate exactly the requested tokens (checked: the tables show the counts). SDK and baseline runs are interleaved and repeated; the targets use the best of the repeats, the tables also show the median.
- **Conversation**: 8 user turns, greedy, thinking off, each reply appended to the history; once with KV reuse (turn 1 never reuses — a new conversation has nothing to reuse) and once with \`reuseKvCache: false\`. The baseline replays the same prompts with one new token (no reuse, by construction).
- **Long tasks**: a \`PerformanceObserver\` for \`longtask\` on the page while a long reply streams and each delta event is appended to the DOM as a text node (as a chat UI does), started from a page task (work started straight from the DevTools protocol is not reported as a long task). The same for the baseline in its worker (posting each token to the page) and, on WASM, for the baseline on the main thread.
- **Warm-load profile**: the pieces of a warm load, each timed alone in a fresh worker: reading every stored chunk from IndexedDB, the per-chunk SHA-256 check, \`AutoConfig\` / \`AutoTokenizer\` / \`AutoModelForCausalLM.from_pretrained\` with every file already in memory, and the worker's start-up (importing transformers.js).`;

function mark(check: TargetCheck): string {
  if (check.met === undefined) return '–';
  return check.met ? 'met' : '**missed**';
}

function targetValue(check: TargetCheck): string {
  return check.name.includes('long tasks') ? num(check.value) : times(check.value);
}

function targetsTable(runs: readonly ModelRun[], summaries: readonly RunSummary[]): string {
  const names = summaries[0]?.targets.map((t) => t) ?? [];
  const header = ['target', 'limit', ...runs.map((run) => `${run.backend} · ${run.model.label}`)];
  const rows = names.map((target, index) => [
    target.name,
    `${target.kind === 'min' ? '≥' : '≤'} ${target.name.includes('long tasks') ? num(target.limit) : times(target.limit)}`,
    ...summaries.map((summary) => {
      const check = summary.targets[index]!;
      return `${targetValue(check)} ${mark(check)}`;
    }),
  ]);
  return table(header, rows);
}

function loadSection(run: ModelRun, summary: RunSummary): string {
  const { cold, baseline, ortSession, profile } = run.load;
  const warmRequests = run.load.warm.map((w) => w.hubRequests).join(', ');
  const rows = [
    ['cold load (network → IndexedDB → session)', ms(cold?.wallMs), ms(cold?.sdkLoadMs), `${cold?.hubRequests ?? '–'} requests, ${mb(cold?.hubBytes)} from the model server`],
    [
      `warm load (IndexedDB), median of ${run.load.warm.length}`,
      ms(summary.warmWall.median),
      ms(summary.warmSdk.median),
      `best ${ms(summary.warmWall.best)}; model requests: ${warmRequests || '–'}`,
    ],
    ['baseline load (bare transformers.js, network, no cache)', ms(baseline ? baseline.loadMs + baseline.workerStartMs : undefined), ms(baseline?.loadMs), 'wall includes its worker start'],
    ['ORT `InferenceSession.create(bytes)`, fresh worker', ms(ortSession?.firstCreateMs), '–', `runtime init + session; ${mb(ortSession?.modelBytes)} of model`],
    ['ORT `InferenceSession.create(bytes)`, runtime already up', ms(ortSession?.secondCreateMs), '–', 'the session alone'],
  ];
  const warm = summary.warmWall.median;
  const pieces: [string, number | undefined][] = [
    ['worker start (module + transformers.js import)', profile?.workerStartMs],
    ['IndexedDB reads (all chunks)', profile?.idbReadMs],
    ['per-chunk SHA-256 checks (WebCrypto)', profile?.chunkDigestMs],
    ['config from memory', profile?.configFromMemoryMs],
    ['tokenizer from memory (tokenizer.json parse + build)', profile?.tokenizerFromMemoryMs],
    ['model from memory (transformers.js + ORT runtime init + session)', profile?.modelFromMemoryMs],
  ];
  const accounted = pieces.reduce((sum, [, value]) => sum + (value ?? 0), 0);
  const profileRows = [
    ...pieces.map(([name, value]) => [name, ms(value), pct(value, warm)]),
    ['sum of the pieces', ms(accounted), pct(accounted, warm)],
    ['of which ORT alone (fresh worker: runtime init + session)', ms(ortSession?.firstCreateMs), pct(ortSession?.firstCreateMs, warm)],
    ['warm load (page wall, median)', ms(warm), '100 %'],
  ];
  return [
    table(['load', 'page wall', 'SDK loadMs', 'notes'], rows),
    '',
    `Warm-load profile (each piece alone, in a fresh worker; ${profile?.chunks ?? '–'} chunks, ${mb(profile?.storedBytes)} stored). A cold load also hashes each LFS file whole with @noble/hashes: ${ms(profile?.wholeFileShaMs)} here.`,
    '',
    table(['piece', 'time', 'of the warm load'], profileRows),
  ].join('\n');
}

function decodeSection(run: ModelRun, summary: RunSummary): string {
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
  return table(['', 'SDK', 'baseline (worker)', 'SDK / baseline', 'SDK sampled (T 0.7, top-k 20, top-p 0.8)'], rows);
}

function conversationSection(run: ModelRun, summary: RunSummary): string {
  const { baseline } = run.conversation;
  const reuse = summary.reuseTurns;
  const noReuse = summary.noReuseTurns;
  const rows = reuse.map((turn, index) => {
    const plain = noReuse[index];
    return [
      String(turn.turn),
      String(turn.promptTokens),
      String(turn.prefillTokens),
      ms(turn.timeToFirstTokenMs),
      `${ms(turn.prefillMs)} + ${ms(turn.setupMs)}`,
      ms(plain?.timeToFirstTokenMs),
      ms(baseline[index]?.timeToFirstTokenMs),
    ];
  });
  const first = reuse[0]?.timeToFirstTokenMs;
  const last = reuse.at(-1)?.timeToFirstTokenMs;
  const plainRatio = (noReuse.at(-1)?.timeToFirstTokenMs ?? Number.NaN) / (noReuse[0]?.timeToFirstTokenMs ?? Number.NaN);
  const baseRatio = (baseline.at(-1)?.timeToFirstTokenMs ?? Number.NaN) / (baseline[0]?.timeToFirstTokenMs ?? Number.NaN);
  rows.push(['8 / 1', '', '', `**${times((last ?? Number.NaN) / (first ?? Number.NaN))}**`, '', times(plainRatio), times(baseRatio)]);
  return table(['turn', 'prompt tokens', 'prefilled (reuse)', 'TTFT, reuse', '= prefill + setup', 'TTFT, no reuse', 'baseline TTFT'], rows);
}

function streamingSection(run: ModelRun): string {
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

function overheadsSection(run: ModelRun, summary: RunSummary): string {
  const o = run.overheads;
  const stepMs = 1000 / summary.sdkDecode.median;
  const rows = [
    ['decode step (SDK, median)', ms(stepMs), 'for scale'],
    ['`nextMacrotask()` hop before each forward pass (yield-each-step.ts)', `${num(o.macrotaskHopUs, 0)} µs`, pct((o.macrotaskHopUs ?? Number.NaN) / 1000, stepMs)],
    ['sampling step over 151,936 logits (only when temperature > 0)', `${num(o.samplingStepMs, 2)} ms`, pct(o.samplingStepMs, stepMs)],
    ['greedy arg-max over 151,936 logits (transformers.js does it either way)', `${num(o.argmaxStepMs, 2)} ms`, pct(o.argmaxStepMs, stepMs)],
    ['incremental detokenizer, per token', `${num(o.detokenizePerTokenMs, 3)} ms`, pct(o.detokenizePerTokenMs, stepMs)],
    ['chat template + tokenize, turn 1', `${num(o.templateTurn1Ms, 1)} ms`, 'per reply'],
    ['chat template + tokenize, turn 8', `${num(o.templateTurn8Ms, 1)} ms`, 'per reply'],
  ];
  return table(['SDK machinery, measured alone', 'cost', 'of a decode step'], rows);
}

function runSection(run: ModelRun, summary: RunSummary): string {
  const parts = [
    `### ${run.backend} · ${run.model.label} (${run.model.dtype}, ${mb(run.model.storedBytes)})`,
    '',
    `Plan: decode ${run.plan.decodeTokens} tokens × ${run.plan.repeats}; conversation 8 turns × ${run.plan.turnTokens} tokens; streaming ${run.plan.streamTokens} tokens. Took ${num(run.wallSeconds)} s.`,
    '',
    '#### Load',
    '',
    loadSection(run, summary),
    '',
    '#### Decode',
    '',
    decodeSection(run, summary),
    '',
    `#### 8-turn conversation (time to first token per turn; each turn's best of ${run.conversation.reuse.length})`,
    '',
    conversationSection(run, summary),
    '',
    '#### Main thread while streaming',
    '',
    streamingSection(run),
    '',
    '#### SDK overheads',
    '',
    overheadsSection(run, summary),
  ];
  if (run.errors.length > 0) parts.push('', '**Failed sections:**', '', ...run.errors.map((e) => `- ${e}`));
  const browserErrors = [...new Set(run.browserErrors)];
  if (browserErrors.length > 0) parts.push('', `Browser errors (${browserErrors.length} distinct):`, '', ...browserErrors.slice(0, 5).map((e) => `- \`${e.replace(/`/g, "'")}\``));
  return parts.join('\n');
}

function machineSection(results: BenchResults): string {
  const m = results.machine;
  const pages = Object.entries(m.page)
    .map(([backend, info]) => `${backend}: ${JSON.stringify(info)}`)
    .join('; ');
  return [
    `Measured ${m.date} on ${m.cores} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.platform}; Chromium ${m.chromium}, Node ${m.node}; commit ${m.commit}.`,
    `Load average (1 min) ${num(m.loadAverageBefore, 1)} before, ${num(m.loadAverageAfter, 1)} after${m.loadAverageBefore > m.cores * 0.5 ? ' — **the machine was busy: every figure is noisy, ratios less so**' : ''}. The page saw ${pages}.`,
    `Total ${num(results.wallSeconds)} s.`,
  ].join('\n');
}

/** The whole Markdown file. */
export function renderReport(results: BenchResults): string {
  const summaries = results.runs.map(summarize);
  const parts = [
    '# Benchmarks',
    '',
    `Generated by \`npm run bench\`${results.quick ? ' --quick' : ''} (scripts/bench.ts; GitHub issue #8). Raw figures: \`bench/results.json\`.`,
    '',
    machineSection(results),
    '',
    '## Targets',
    '',
    targetsTable(results.runs, summaries),
    '',
    findings(results.runs, summaries),
    '',
    '## Figures',
    '',
    ...results.runs.flatMap((run, index) => [runSection(run, summaries[index]!), '']),
  ];
  if (results.errors.length > 0) parts.push('**Failures outside any run:**', '', ...results.errors.map((e) => `- ${e}`), '');
  parts.push(METHOD, '', HOW_TO_RUN, '');
  return parts.join('\n');
}
