/**
 * The full-size probes in BENCHMARKS.md: onnxruntime's per-op profile of the
 * passes a chat runs, and the SDK worker's memory over a long prompt and an
 * `unload()`.
 */
import type { OpsProfile, ProfiledPass } from '../shared/figures.js';
import { mb, ms, num, pct, table } from './format.js';
import type { FullSizeRun, MemoryBackFigures } from './full-size-results.js';
import { QWEN3_06B_SHAPE } from '../../scripts/tiny-model/builder/index.js';

/** Op types shown by name; the rest are summed into one row. */
const SHOWN_OPS = 8;

/** Decode steps left out of the median: the first ones after a prompt meet new shapes and code V8 has not optimized yet. */
const COLD_DECODE_STEPS = 2;

/** The median decode step (by run time) after a short prompt, or after the long one, the cold steps left out. */
function medianDecode(profile: OpsProfile, history: 'short' | 'long'): ProfiledPass | undefined {
  const passes = profile.passes
    .filter((p) => p.newTokens === 1 && (history === 'long') === p.pastTokens >= 1000)
    .slice(COLD_DECODE_STEPS)
    .sort((a, b) => a.runMs - b.runMs);
  return passes[Math.floor((passes.length - 1) / 2)];
}

/** How many steps {@link medianDecode} took the median of. */
const steadySteps = (profile: OpsProfile): number => Math.max(0, profile.passes.filter((p) => p.newTokens === 1 && p.pastTokens < 1000).length - COLD_DECODE_STEPS);

const opMs = (pass: ProfiledPass | undefined, op: string): number => pass?.ops.find((o) => o.op === op)?.ms ?? Number.NaN;
const kernelMs = (pass: ProfiledPass): number => pass.ops.reduce((sum, o) => sum + o.ms, 0);

/** `ms (share of the pass)`. */
const cell = (value: number, pass: ProfiledPass | undefined): string =>
  pass && Number.isFinite(value) ? `${ms(value)} (${pct(value, kernelMs(pass))})` : '–';

/** Per-op time of the chunked prefill, the one-pass prefill and decode, side by side. */
function opsTable(profile: OpsProfile): string {
  const columns: Array<[string, ProfiledPass | undefined]> = [
    ['prefill 256, past 0', profile.passes.find((p) => p.label === 'prefill 256, past 0')],
    ['prefill 256, past 768', profile.passes.find((p) => p.label === 'prefill 256, past 768')],
    ['prefill 1,024 in one pass', profile.passes.find((p) => p.label.startsWith('prefill 1,024'))],
    [`decode, past ~16 (median of ${steadySteps(profile)} steps after ${COLD_DECODE_STEPS})`, medianDecode(profile, 'short')],
    [`decode, past ~1,024 (median of ${steadySteps(profile)} steps after ${COLD_DECODE_STEPS})`, medianDecode(profile, 'long')],
  ];
  const oneShot = columns[2]![1];
  const ranked = [...(oneShot?.ops ?? [])].map((o) => o.op);
  for (const [, pass] of columns) for (const o of pass?.ops ?? []) if (!ranked.includes(o.op)) ranked.push(o.op);
  const shown = ranked.slice(0, SHOWN_OPS);
  const rest = (pass: ProfiledPass | undefined): number =>
    pass ? pass.ops.filter((o) => !shown.includes(o.op)).reduce((sum, o) => sum + o.ms, 0) : Number.NaN;
  return table(
    ['op type (after onnxruntime\'s fusions)', ...columns.map(([name]) => name)],
    [
      ...shown.map((op) => [`\`${op}\``, ...columns.map(([, pass]) => cell(opMs(pass, op), pass))]),
      ['the other op types', ...columns.map(([, pass]) => cell(rest(pass), pass))],
      ['**all kernels**', ...columns.map(([, pass]) => (pass ? ms(kernelMs(pass)) : '–'))],
      ['`session.run` wall time', ...columns.map(([, pass]) => (pass ? ms(pass.wallMs) : '–'))],
    ],
  );
}

/** Bytes of weights each weight-reading op type streams per decode step, and the rate it reaches. */
function decodeBandwidthTable(profile: OpsProfile, readBytesPerSecond: number | undefined): string {
  const decode = medianDecode(profile, 'short');
  if (!decode) return '';
  // The MatMul kernels read all of their weights; a Gather or RotaryEmbedding reads a few rows of its table.
  const readers = decode.ops.filter((o) => /MatMul/.test(o.op));
  return table(
    ['op type', 'weights read per step', 'kernel time per step', 'rate', 'of the page\'s read bandwidth'],
    readers.map((o) => {
      const rate = o.weightBytes / (o.ms / 1000);
      return [`\`${o.op}\``, mb(o.weightBytes), ms(o.ms), `${num(rate / 1e9, 1)} GB/s`, pct(rate, readBytesPerSecond)];
    }),
  );
}

/** Kernel time of the MatMul-family ops (the weights' arithmetic) in `pass`. */
const matMulMs = (pass: ProfiledPass): number => pass.ops.filter((o) => /MatMul/.test(o.op)).reduce((sum, o) => sum + o.ms, 0);
const matMulWeightBytes = (pass: ProfiledPass): number => pass.ops.filter((o) => /MatMul/.test(o.op)).reduce((sum, o) => sum + o.weightBytes, 0);

/**
 * Arithmetic of one causal prefill pass's attention over `tokens` new tokens
 * with no past, counting only the unmasked half: QKᵀ and PV, 2 operations
 * per multiply-add, every head of every layer.
 */
function attentionOps(tokens: number): number {
  const { heads, headDim, layers } = QWEN3_06B_SHAPE;
  return 2 * 2 * heads * headDim * layers * ((tokens * (tokens + 1)) / 2);
}

/** What the profile says about issue 17's numbers, from its figures. */
function opsFindings(profile: OpsProfile, readBytesPerSecond: number | undefined): string[] {
  const oneShot = profile.passes.find((p) => p.label.startsWith('prefill 1,024'));
  const short = medianDecode(profile, 'short');
  const long = medianDecode(profile, 'long');
  if (!oneShot || !short || !long) return [];
  const attention = opMs(oneShot, 'GroupQueryAttention');
  const attentionRate = attentionOps(oneShot.newTokens) / (attention / 1000);
  // Each weight byte is one multiply-add per token.
  const matMulRate = (2 * matMulWeightBytes(oneShot) * oneShot.newTokens) / (matMulMs(oneShot) / 1000);
  const weightRate = matMulWeightBytes(short) / (matMulMs(short) / 1000);
  const copyMs = long.wallMs - kernelMs(long);
  return [
    `- **Prefill is attention-bound.** \`GroupQueryAttention\` takes ${ms(attention)} of the ${ms(kernelMs(oneShot))} one-pass prefill. Counting only the causal half of QKᵀ and PV (${num(attentionOps(oneShot.newTokens) / 1e9)} G operations), it runs at ${num(attentionRate / 1e9, 1)} G operations/s; the integer MatMuls run at ${num(matMulRate / 1e9)} G operations/s over their weights. onnxruntime-web's WASM attention kernel is the limit, and in chunks its cost grows with the past, as it must, from that low rate. With attention free, the MatMuls alone would still take ${ms(matMulMs(oneShot))} on ${profile.threads} thread${profile.threads === 1 ? '' : 's'}: issue 17's 10 s needs both a fast attention and the MatMuls on more than one thread.`,
    `- **Decode after a short prompt is MatMul-bound, far from the bandwidth.** A step's MatMuls read ${mb(matMulWeightBytes(short))} of weights in ${ms(matMulMs(short))}: ${num(weightRate / 1e9, 1)} GB/s, ${pct(weightRate, readBytesPerSecond)} of the page's read bandwidth. The step takes ${ms(short.wallMs)} (${num(1000 / short.wallMs, 1)} tokens/s); 12 tokens/s needs 83 ms.`,
    `- **Decode after a long prompt is copy- and attention-bound.** At ~${long.pastTokens} tokens of past, \`session.run\` takes ${ms(long.wallMs)}, of which the kernels ${ms(kernelMs(long))} (attention ${ms(opMs(long, 'GroupQueryAttention'))}). The other ${ms(copyMs)} are outside the kernels: onnxruntime-web copies every input into the WASM heap and every output out of it on each run, and the past and present KV caches are ${mb(long.pastTokens * kvBytesPerToken())} each at this length. Only GPU and WebNN tensors can stay where they are between runs (\`preferredOutputLocation\`); a CPU output is always copied out of the heap and back in as the next input, so this cost grows with every token of history, in the SDK and in bare transformers.js alike.`,
  ];
}

/** fp32 KV cache bytes per token at Qwen3-0.6B's shape (keys and values, every layer). */
function kvBytesPerToken(): number {
  const { kvHeads, headDim, layers } = QWEN3_06B_SHAPE;
  return 2 * kvHeads * headDim * layers * 4;
}

/** The per-op paragraph of one run. */
export function opsSection(run: FullSizeRun): string[] {
  const profile = run.ops;
  if (!profile) return [];
  const chunks = profile.passes.filter((p) => p.label.startsWith('prefill 256'));
  const chunked = chunks.reduce((sum, p) => sum + p.wallMs, 0);
  const oneShot = profile.passes.find((p) => p.label.startsWith('prefill 1,024'));
  return [
    `**Where the time goes** (onnxruntime's own profiler, \`enableProfiling\`, on a bare \`InferenceSession\` over the same file in a fresh worker, ${profile.threads} WASM thread${profile.threads === 1 ? '' : 's'}; fed as transformers.js feeds this graph, one logit kept). The ~1,000-token prompt in the SDK's four 256-token chunks took ${ms(chunked)} of \`session.run\`; in one pass, as bare transformers.js runs it, ${ms(oneShot?.wallMs)}. Kernel time per op type, and its share of the pass:`,
    '',
    opsTable(profile),
    '',
    'Decode reads every weight once per token. What the weight-reading kernels reach, on the step after a short prompt:',
    '',
    decodeBandwidthTable(profile, run.readBytesPerSecond),
    '',
    ...opsFindings(profile, run.readBytesPerSecond),
    ...(run.sdkGraphOps ? ['', ...sdkGraphSection(profile, run.sdkGraphOps)] : []),
  ];
}

/** Wall time of the four 256-token chunks of a profile. */
const chunkedMs = (profile: OpsProfile): number => profile.passes.filter((p) => p.label.startsWith('prefill 256')).reduce((sum, p) => sum + p.wallMs, 0);

/** The same passes on the graph the SDK runs on WASM, against the exported graph. */
function sdkGraphSection(exported: OpsProfile, rewritten: OpsProfile): string[] {
  const faster = (before: number | undefined, after: number | undefined): string =>
    before !== undefined && after !== undefined ? `${ms(before)} → ${ms(after)} (${num(before / after, 1)}× faster)` : '–';
  const oneShot = (profile: OpsProfile) => profile.passes.find((p) => p.label.startsWith('prefill 1,024'))?.wallMs;
  return [
    `**The same passes on the graph as the SDK runs it on WASM**: each \`GroupQueryAttention\` written as \`FusedMatMul\` (QKᵀ, scaled), a causal mask, \`Softmax\` and \`MatMul\` (PV), with the query heads of each KV head stacked into one product, so that attention runs on onnxruntime's GEMM (src/engine/graph-rewrite/attention-as-matmul.ts; the lm_head runs on the last position too), on onnxruntime-web's CPU-only build (\`ort-wasm-simd-threaded.wasm\`), which the SDK runs WASM on where WebGPU is not usable, instead of the WebGPU build's asyncify-instrumented one above. \`session.run\` time, exported graph → rewritten:`,
    '',
    table(
      ['pass', 'exported → as the SDK runs it'],
      [
        ['~1,000-token prompt in four 256-token chunks', faster(chunkedMs(exported), chunkedMs(rewritten))],
        ['the same 1,024 tokens in one pass', faster(oneShot(exported), oneShot(rewritten))],
        [`decode, past ~16 (median)`, faster(medianDecode(exported, 'short')?.wallMs, medianDecode(rewritten, 'short')?.wallMs)],
        [`decode, past ~1,024 (median)`, faster(medianDecode(exported, 'long')?.wallMs, medianDecode(rewritten, 'long')?.wallMs)],
      ],
    ),
    '',
    'Kernel time per op type on the rewritten graph:',
    '',
    opsTable(rewritten),
    '',
    ...sdkGraphFindings(rewritten),
  ];
}

/** The op types attention becomes in the rewritten graph. */
const ATTENTION_OPS = ['FusedMatMul', 'MatMul', 'Softmax', 'Add', 'Where', 'Concat'];

/** What the rewritten graph's profile says is left. */
function sdkGraphFindings(profile: OpsProfile): string[] {
  const oneShot = profile.passes.find((p) => p.label.startsWith('prefill 1,024'));
  const long = medianDecode(profile, 'long');
  if (!oneShot || !long) return [];
  const attention = ATTENTION_OPS.reduce((sum, op) => sum + (Number.isFinite(opMs(oneShot, op)) ? opMs(oneShot, op) : 0), 0);
  const integer = opMs(oneShot, 'MatMulInteger') + opMs(oneShot, 'DynamicQuantizeMatMul');
  return [
    `- **Prefill: about half weights, half attention, both on the GEMM now.** Of the one pass's ${ms(kernelMs(oneShot))} of kernels, the integer MatMuls over the weights take ${ms(integer)} and attention's ops ${ms(attention)} (${ATTENTION_OPS.map((op) => `\`${op}\``).join(', ')}; the float \`MatMul\` is attention's PV, the weights' MatMuls being integer ones).`,
    `- **Decode with a long history pays for the KV copies either way.** At ~${long.pastTokens} tokens of past, the \`Concat\`s that append the new keys and values copy the whole cache inside the graph (${ms(opMs(long, 'Concat'))}), as GroupQueryAttention copies it inside its kernel; the copies in and out of the WASM heap around \`session.run\` come on top. So decode steps are about as fast as on the exported graph, a little slower with a long past.`,
  ];
}

function memoryTable(m: MemoryBackFigures): string {
  const above = (bytes: number): string => (Number.isFinite(bytes) && Number.isFinite(m.idleBytes) ? `+${mb(bytes - m.idleBytes)}` : '–');
  return table(
    ['step (PSS of all Chromium processes, settled 2 s)', 'total', 'above the idle page'],
    [
      ['the page open, no model', mb(m.idleBytes), '–'],
      ['after `load()`', mb(m.afterLoadBytes), above(m.afterLoadBytes)],
      [`peak during the ${m.reply ? `${m.reply.promptTokens}-token` : `~${m.promptTokens}-token`} prompt's first token`, mb(m.peakBytes), above(m.peakBytes)],
      ['after it (a cleared conversation leaves the same)', mb(m.afterPromptBytes), above(m.afterPromptBytes)],
      ['after `unload()` (a fresh worker replaces the old one)', mb(m.afterUnloadBytes), above(m.afterUnloadBytes)],
    ],
  );
}

/** The memory paragraph of one run. */
export function memoryBackSection(run: FullSizeRun): string[] {
  const m = run.memoryBack;
  if (!m) return [];
  return [
    `**Memory that comes back.** A WebAssembly memory can grow and never shrink, so what a long prompt grows the worker's heap to stays until the worker goes; \`unload()\` therefore replaces the worker. The SDK here, from IndexedDB${m.reply ? `, first token of the long prompt after ${ms(m.reply.timeToFirstTokenMs)}` : ''}:`,
    '',
    memoryTable(m),
  ];
}
