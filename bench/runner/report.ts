/**
 * Renders BENCHMARKS.md from the results: how to run, the machine, the
 * targets, a section per backend and model, and the findings (why a target
 * is missed, with the measured evidence, and what would close it).
 */
import { findings } from './findings.js';
import { mb, num, table, times } from './format.js';
import { fullSizeSection } from './report-full-size.js';
import { loadSection } from './report-load.js';
import { conversationSection, decodeSection, overheadsSection, streamingSection } from './report-reply.js';
import type { BenchResults, ModelRun } from './results.js';
import { summarize, type RunSummary, type TargetCheck } from './targets.js';

const HOW_TO_RUN = `## How to run

\`\`\`sh
npm run bench                                  # = npx tsx scripts/bench.ts: tiny model, WASM and WebGPU (SwiftShader)
npx tsx scripts/bench.ts --quick               # tiny model, WASM only, one repeat → bench/quick/
npx tsx scripts/bench.ts --backends wasm       # one backend
npx tsx scripts/bench.ts --model-dir /data/models/onnx-community/Qwen3-0.6B-ONNX --dtype q4
npx tsx scripts/bench.ts --host http://127.0.0.1:8787 --model onnx-community/Qwen3-0.6B-ONNX
npx tsx scripts/bench.ts --full-size           # random model with Qwen3-0.6B's shape (~0.4 GB, generated on demand), WASM
\`\`\`

It serves the bench page (\`bench/pages/\`) with Vite on port 5288 (\`--port\`), cross-origin isolated like the test harness, serves the models with the hub-layout server (\`scripts/hub-server\`), and drives headless Chromium (\`/usr/bin/chromium\` or \`CHROMIUM_PATH\`) with playwright-core. Raw figures go to \`bench/results.json\`; this file is generated from them (\`--full-size\` and the tiny-model run each replace only their own part; hand-written sections come from \`bench/notes/*.md\`). The bench reports and never asserts: it exits 0 unless a measurement crashed. Offline; about 5–10 minutes on 2 cores.`;

const METHOD = `## What is measured, and how

- **Cold load**: a fresh browser context (empty IndexedDB, Cache API and HTTP cache); page wall time from \`createQwen3Client()\` (the worker spawn) to \`load()\` resolving, with the SDK's defaults. The SDK's own \`loadMs\` (inside the worker) and the load's progress events (when every file was in) are shown too.
- **Warm load**: a new page in the same context, so the weights come from IndexedDB; the model server's log confirms no model file was requested. Measured with the SDK's default warm-up reply and with \`warmUp: false\`, alternating; after each, a message is sent at once and the time to its first text on the page is measured (what the warm-up costs or buys).
- **ORT session from memory**: onnxruntime-web alone (\`onnxruntime-web/webgpu\`, the bundle transformers.js imports, same version, the SDK's same-origin \`ort-wasm-simd-threaded.asyncify.{mjs,wasm}\`, the runtime binary handed over in memory as transformers.js does) in a fresh worker per measurement: \`InferenceSession.create(bytes)\` with the model already in memory. The first create includes the runtime's start (instantiating the WASM, its first compilation, on WebGPU the device); a second create in the same worker is the session alone. The target compares the warm load with \`warmUp: false\` to the first create: both start a runtime and build one session.
- **Where the warm load goes**: the SDK's own \`loadModel\` (src/engine/load-model.ts) run in a worker of ours with transformers.js's steps and \`InferenceSession.create\` timed from inside; and each piece alone in a fresh worker — reading every stored chunk from IndexedDB, the per-chunk checksums, \`AutoConfig\` / \`AutoTokenizer\` / \`AutoModelForCausalLM.from_pretrained\` with every file already in memory, and a worker's start-up (importing transformers.js).
- **Decode and time to first token**: a greedy reply (\`temperature: 0\`, thinking off, \`reuseKvCache: false\`) to the same prompt; the SDK's \`finish\` event gives time to first token, prefill and decode tokens/s. The **baseline** is a bare transformers.js loop — \`AutoTokenizer\` / \`AutoModelForCausalLM.from_pretrained\` with the same device and dtype, the same chat template and prompt tokens, \`model.generate({ ...inputs, max_new_tokens, do_sample: false, streamer })\` with a minimal streamer — **in a plain module worker**, as the SDK runs in its own worker, with the same timing definitions (time to first token from before the template; decode rate over the tokens after the first). The tiny model practically never emits EOS, so both generate exactly the requested tokens (the tables show the counts). One unmeasured round first (the first runs after a load pay for background compilation), then SDK and baseline interleaved and repeated; the target uses the best of the repeats, the tables also show the median.
- **Decode ablation** (WASM): on one session in one worker, so that nothing but the code differs — the SDK's \`generateReply\` as its engine runs it (a macrotask hop before a forward pass once 8 ms passed since the last, events batched to the page), the same without the hop, and a bare \`generate()\`; rotated, after an unmeasured round.
- **Conversation**: 8 user turns, greedy, thinking off, each reply appended to the history, in three modes: with KV reuse and a typing pause before each later turn (the engine prefills the previous reply as history in that time, as it would while a person reads and types), with KV reuse and each turn sent the moment the previous reply ended (the page then waits for that prefill), and with \`reuseKvCache: false\`. Turn 1 is sent with \`reuseKvCache: false\` for a clean start (a new conversation has nothing to reuse); the engine prefills no history after a request that opted out of reuse, so turn 2 prefills reply 1 itself. The figure is the time from calling \`chat()\` in the page to the first text there, which counts any wait in the engine's queue; each turn's best over the repeats. The baseline replays the same prompts with one new token (no reuse, by construction).
- **Long tasks**: a \`PerformanceObserver\` for \`longtask\` on the page while a long reply streams and each delta event is appended to the DOM as a text node (as a chat UI does), started from a page task (work started straight from the DevTools protocol is not reported as a long task). The same for the baseline in its worker (posting each token to the page) and, on WASM, for the baseline on the main thread.
- **SDK overheads**: its per-step pieces alone in a worker — the macrotask hop, a sampling step over 151,936 logits, the incremental detokenizer, the chat template at turn 1 and turn 8, and a JSON answer's grammar mask (xgrammar) per token, per schema and per model.
- **Caveats**: the pages are served by Vite's dev server (unbundled modules), so worker start-up is slower than in a built app, for the SDK and the baseline alike. ORT runs with its default thread count (\`min(4, ceil(cores / 2))\`: 1 on 2 cores) everywhere. WebGPU here is SwiftShader, a CPU emulation: its figures show relative costs, not GPU speed, and it compiles shaders for each new input shape (each prefill length), which dominates its times to first token.`;

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
    `#### 8-turn conversation (time to first text per turn; typing pause ${run.plan.typingPauseMs} ms; each turn's best of ${run.conversation.reuse.length})`,
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

/**
 * The whole Markdown file. `notes` are hand-written sections (measured by
 * hand, not by the bench: `bench/notes/*.md`), placed after the figures.
 */
export function renderReport(results: BenchResults, notes: readonly string[] = []): string {
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
    findings(results.runs, summaries, Math.max(results.machine.loadAverageBefore, results.machine.loadAverageAfter)),
    '',
    '## Figures',
    '',
    ...results.runs.flatMap((run, index) => [runSection(run, summaries[index]!), '']),
  ];
  if (results.errors.length > 0) parts.push('**Failures outside any run:**', '', ...results.errors.map((e) => `- ${e}`), '');
  const fullSize = fullSizeSection(results.fullSize);
  if (fullSize) parts.push(fullSize);
  for (const note of notes) parts.push(note.trim(), '');
  parts.push(METHOD, '', HOW_TO_RUN, '');
  return parts.join('\n');
}
