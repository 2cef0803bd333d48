/**
 * The tiny Qwen3 generator: the ONNX decoder it writes must compute exactly what the
 * TypeScript reference computes (full sequence, KV-cached steps, left padding, far
 * rotary positions), for two shapes, inline and with external data; and the folder must
 * look like an onnx-community repository to transformers.js.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BOS_TOKEN_ID,
  EOS_TOKEN_ID,
  QWEN3_VOCAB_SIZE,
  ensureTinyModel,
  loadTinyTokenizer,
  makeTinyWeights,
  referenceForward,
  type ReferenceCache,
  type TinyModelShape,
  type TinyWeights,
} from '../../scripts/tiny-model/index.js';

const TOLERANCE = 1e-4;
/** `<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n` in the real Qwen3 tokenizer. */
const CHAT_PROMPT = [151644, 872, 198, 9707, 151645, 198, 151644, 77091, 198];
/** A short ordinary token sequence (ids from the real vocabulary). */
const TOKENS = [785, 3974, 13876, 38835, 34208, 916, 279, 15678, 5562, 13];

const SHAPES: { name: string; shape: TinyModelShape; seed: number }[] = [
  {
    name: 'hidden 64, 4 heads × 32 (≠ hidden), 2 KV heads, 2 layers',
    shape: { hidden: 64, layers: 2, heads: 4, kvHeads: 2, headDim: 32, intermediate: 128 },
    seed: 1,
  },
  {
    name: 'hidden 48, 6 heads × 8 (= hidden), 2 KV heads (3 queries each), 3 layers',
    shape: { hidden: 48, layers: 3, heads: 6, kvHeads: 2, headDim: 8, intermediate: 96 },
    seed: 7,
  },
];

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tiny-qwen3-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

// --- Helpers -------------------------------------------------------------------------

interface Step {
  inputIds: number[][];
  attentionMask: number[][];
  positionIds: number[][];
}

interface OnnxOutputs {
  logits: Float32Array;
  /** `present.*` tensors, ready to feed back as `past_key_values.*`. */
  present: Record<string, ort.Tensor>;
}

const int64 = (rows: number[][]): ort.Tensor =>
  new ort.Tensor('int64', BigInt64Array.from(rows.flat(), (v) => BigInt(v)), [rows.length, rows[0]!.length]);

/** Runs one forward pass; without `past` the cache starts empty (past length 0). */
async function runOnnx(session: ort.InferenceSession, shape: TinyModelShape, step: Step, past?: Record<string, ort.Tensor>): Promise<OnnxOutputs> {
  const batch = step.inputIds.length;
  const feeds: Record<string, ort.Tensor> = {
    input_ids: int64(step.inputIds),
    attention_mask: int64(step.attentionMask),
    position_ids: int64(step.positionIds),
  };
  for (let i = 0; i < shape.layers; i++) {
    for (const kind of ['key', 'value']) {
      feeds[`past_key_values.${i}.${kind}`] =
        past?.[`present.${i}.${kind}`] ?? new ort.Tensor('float32', new Float32Array(0), [batch, shape.kvHeads, 0, shape.headDim]);
    }
  }
  const results = await session.run(feeds);
  const present: Record<string, ort.Tensor> = {};
  for (const [name, tensor] of Object.entries(results)) if (name.startsWith('present.')) present[name] = tensor;
  return { logits: results['logits']!.data as Float32Array, present };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** The vocabulary row of position `s` in row `b` of `[batch, seq, vocab]` logits. */
function logitsAt<T extends Float32Array | Float64Array>(logits: T, seq: number, b: number, s: number): T {
  const start = (b * seq + s) * QWEN3_VOCAB_SIZE;
  return logits.subarray(start, start + QWEN3_VOCAB_SIZE) as T;
}

/** The largest difference between ONNX `present.*` and the reference cache. */
function cacheDiff(present: Record<string, ort.Tensor>, reference: ReferenceCache): number {
  let max = 0;
  reference.layers.forEach((layer, i) => {
    max = Math.max(max, maxAbsDiff(present[`present.${i}.key`]!.data as Float32Array, layer.key));
    max = Math.max(max, maxAbsDiff(present[`present.${i}.value`]!.data as Float32Array, layer.value));
  });
  return max;
}

/** One unpadded row starting at position `start`. */
const single = (ids: number[], start = 0): Step => ({
  inputIds: [ids],
  attentionMask: [ids.map(() => 1)],
  positionIds: [ids.map((_, i) => start + i)],
});

/** Position ids as transformers.js derives them from a mask: cumsum(mask) - 1, padding at 1. */
const positionsFromMask = (mask: number[]): number[] => {
  let count = 0;
  return mask.map((m) => (m === 0 ? 1 : count++));
};

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

// --- Numerics, for each shape --------------------------------------------------------

describe.each(SHAPES)('tiny Qwen3 $name', ({ shape, seed }) => {
  let session: ort.InferenceSession;
  let weights: TinyWeights;

  beforeAll(async () => {
    const { dir } = await ensureTinyModel({ ...shape, seed, outDir: join(root, `shape-${shape.hidden}`) });
    session = await ort.InferenceSession.create(join(dir, 'onnx', 'model.onnx'));
    weights = makeTinyWeights(shape, seed);
  }, 30_000);
  afterAll(async () => {
    await session?.release();
  });

  it('(a) full-sequence logits and present KV match the reference', async () => {
    const step = single(TOKENS);
    const onnx = await runOnnx(session, shape, step);
    const reference = referenceForward(weights, step);
    expect(maxAbsDiff(onnx.logits, reference.logits)).toBeLessThan(TOLERANCE);
    expect(cacheDiff(onnx.present, reference.present)).toBeLessThan(TOLERANCE);
  });

  it('(a) positions far apart (rotary table rows up to ~30000) match the reference', async () => {
    // Attention sees only relative offsets, so it is a gap between positions, not a large
    // start, that magnifies frequency errors: a RoPE theta off by 1e-4 relative is
    // invisible across 10 neighbours but not across 30000.
    const ids = TOKENS.slice(0, 6);
    const step: Step = { inputIds: [ids], attentionMask: [ids.map(() => 1)], positionIds: [[0, 1, 2, 30_000, 30_001, 30_002]] };
    const onnx = await runOnnx(session, shape, step);
    expect(maxAbsDiff(onnx.logits, referenceForward(weights, step).logits)).toBeLessThan(TOLERANCE);
  });

  it('(b) prefill then a cached step matches the reference and the full pass', async () => {
    const k = 7;
    const prefill = single(TOKENS.slice(0, k));
    const onnxPrefill = await runOnnx(session, shape, prefill);
    const refPrefill = referenceForward(weights, prefill);
    expect(maxAbsDiff(onnxPrefill.logits, refPrefill.logits)).toBeLessThan(TOLERANCE);

    const next: Step = { inputIds: [[TOKENS[k]!]], attentionMask: [TOKENS.slice(0, k + 1).map(() => 1)], positionIds: [[k]] };
    const onnxStep = await runOnnx(session, shape, next, onnxPrefill.present);
    const refStep = referenceForward(weights, { ...next, past: refPrefill.present });
    expect(maxAbsDiff(onnxStep.logits, refStep.logits)).toBeLessThan(TOLERANCE);
    expect(cacheDiff(onnxStep.present, refStep.present)).toBeLessThan(TOLERANCE);

    const full = await runOnnx(session, shape, single(TOKENS.slice(0, k + 1)));
    expect(maxAbsDiff(onnxStep.logits, logitsAt(full.logits, k + 1, 0, k))).toBeLessThan(TOLERANCE);
  });

  it('(c) a left-padded batch gives the unpadded logits for its real tokens, also after a cached step', async () => {
    const pad = 3;
    const n = TOKENS.length;
    const shortIds = TOKENS.slice(0, n - pad);
    const mask = [TOKENS.map(() => 1), [...Array<number>(pad).fill(0), ...shortIds.map(() => 1)]];
    const batch: Step = {
      inputIds: [TOKENS, [...Array<number>(pad).fill(BOS_TOKEN_ID), ...shortIds]],
      attentionMask: mask,
      positionIds: mask.map(positionsFromMask),
    };
    const padded = await runOnnx(session, shape, batch);
    // Fully masked rows (the padding positions) must stay finite.
    expect(padded.logits.every(Number.isFinite)).toBe(true);
    expect(maxAbsDiff(padded.logits, referenceForward(weights, batch).logits)).toBeLessThan(TOLERANCE);

    const long = await runOnnx(session, shape, single(TOKENS));
    const short = await runOnnx(session, shape, single(shortIds));
    for (let s = 0; s < n; s++) {
      expect(maxAbsDiff(logitsAt(padded.logits, n, 0, s), logitsAt(long.logits, n, 0, s))).toBeLessThan(TOLERANCE);
    }
    for (let s = 0; s < shortIds.length; s++) {
      expect(maxAbsDiff(logitsAt(padded.logits, n, 1, pad + s), logitsAt(short.logits, shortIds.length, 0, s))).toBeLessThan(TOLERANCE);
    }

    // One more token per row through the cache.
    const nextIds = [EOS_TOKEN_ID, 198];
    const stepMask = mask.map((row) => [...row, 1]);
    const step: Step = { inputIds: nextIds.map((id) => [id]), attentionMask: stepMask, positionIds: [[n], [shortIds.length]] };
    const paddedStep = await runOnnx(session, shape, step, padded.present);
    const longStep = await runOnnx(session, shape, { ...single([nextIds[0]!], n), attentionMask: [stepMask[0]!] }, long.present);
    const shortStep = await runOnnx(
      session,
      shape,
      { ...single([nextIds[1]!], shortIds.length), attentionMask: [Array<number>(shortIds.length + 1).fill(1)] },
      short.present,
    );
    expect(maxAbsDiff(logitsAt(paddedStep.logits, 1, 0, 0), longStep.logits)).toBeLessThan(TOLERANCE);
    expect(maxAbsDiff(logitsAt(paddedStep.logits, 1, 1, 0), shortStep.logits)).toBeLessThan(TOLERANCE);
  });

  it('(e) greedy decoding of 20 tokens follows the reference step by step and does not loop on one token', async () => {
    let onnx = await runOnnx(session, shape, single(CHAT_PROMPT));
    let reference = referenceForward(weights, single(CHAT_PROMPT));
    let last = CHAT_PROMPT.length - 1;
    let onnxLogits = logitsAt(onnx.logits, CHAT_PROMPT.length, 0, last);
    let refLogits = logitsAt(reference.logits, CHAT_PROMPT.length, 0, last);
    const generated: number[] = [];
    for (let i = 0; i < 20; i++) {
      expect(maxAbsDiff(onnxLogits, refLogits)).toBeLessThan(TOLERANCE);
      const token = argmax(onnxLogits);
      generated.push(token);
      last += 1;
      const step: Step = { inputIds: [[token]], attentionMask: [Array<number>(last + 1).fill(1)], positionIds: [[last]] };
      onnx = await runOnnx(session, shape, step, onnx.present);
      reference = referenceForward(weights, { ...step, past: reference.present });
      onnxLogits = onnx.logits;
      refLogits = reference.logits;
    }
    // With tied embeddings and too-small weights the model echoes the last prompt token
    // forever; a model that behaves produces varied text.
    expect(new Set(generated).size).toBeGreaterThanOrEqual(5);
    expect(new Set(generated.slice(-10)).size).toBeGreaterThan(1);
  }, 30_000);
});

// --- Files ---------------------------------------------------------------------------

describe('tiny Qwen3 folder', () => {
  let dir: string;
  beforeAll(async () => {
    ({ dir } = await ensureTinyModel({ outDir: join(root, 'default') }));
  }, 30_000);

  it('(d) holds the onnx-community files with the Qwen3 config fields', async () => {
    for (const file of ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
      expect((await stat(join(dir, file))).size, file).toBeGreaterThan(0);
    }
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({
      model_type: 'qwen3',
      architectures: ['Qwen3ForCausalLM'],
      vocab_size: 151936,
      bos_token_id: 151643,
      eos_token_id: 151645,
      pad_token_id: 151643,
      hidden_size: 64,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      head_dim: 32,
      intermediate_size: 128,
      rope_theta: 1_000_000,
      rms_norm_eps: 1e-6,
      tie_word_embeddings: true,
      max_position_embeddings: 40960,
      hidden_act: 'silu',
      torch_dtype: 'float32',
      'transformers.js_config': { dtype: 'fp32' },
    });
    const generation = JSON.parse(await readFile(join(dir, 'generation_config.json'), 'utf8')) as Record<string, unknown>;
    expect(generation).toMatchObject({ do_sample: true, temperature: 0.6, top_k: 20, top_p: 0.95, eos_token_id: [151645, 151643] });
    const tokenizerConfig = JSON.parse(await readFile(join(dir, 'tokenizer_config.json'), 'utf8')) as { chat_template: string };
    expect(tokenizerConfig.chat_template).toContain('enable_thinking');
  });

  it('(d) declares the inputs and outputs of the Optimum export, with numeric KV head count and head width', async () => {
    const session = await ort.InferenceSession.create(join(dir, 'onnx', 'model.onnx'));
    try {
      expect(session.inputNames).toEqual([
        'input_ids',
        'attention_mask',
        'position_ids',
        'past_key_values.0.key',
        'past_key_values.0.value',
        'past_key_values.1.key',
        'past_key_values.1.value',
      ]);
      expect(session.outputNames).toEqual(['logits', 'present.0.key', 'present.0.value', 'present.1.key', 'present.1.value']);
      // transformers.js builds the empty first-step cache from these dims, resolving only batch_size.
      const past = session.inputMetadata.find((m) => m.name === 'past_key_values.0.key');
      expect(past).toMatchObject({ isTensor: true, type: 'float32', shape: ['batch_size', 2, 'past_sequence_length', 32] });
      const logits = session.outputMetadata.find((m) => m.name === 'logits');
      expect(logits).toMatchObject({ shape: ['batch_size', 'sequence_length', 151936] });
    } finally {
      await session.release();
    }
  });

  it('(d) its tokenizer round-trips the chat template markers through transformers.js', async () => {
    const tokenizer = await loadTinyTokenizer(dir);
    expect(tokenizer.encode('<|im_start|>')).toEqual([151644]);
    expect(tokenizer.encode('<think>')).toEqual([151667]);
    expect(tokenizer.encode('</think>')).toEqual([151668]);
    // enable_thinking reaches the template through `...kwargs`, but the 4.3.1 typings omit
    // it; a non-literal options object passes the type check.
    const options = { tokenize: false, add_generation_prompt: true, enable_thinking: false } as const;
    const prompt = tokenizer.apply_chat_template([{ role: 'user', content: 'Hello' }], options);
    expect(prompt).toBe('<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n');
    const ids = tokenizer.encode(prompt);
    expect(ids.slice(0, CHAT_PROMPT.length)).toEqual(CHAT_PROMPT);
    expect(ids).toContain(151667);
    expect(ids).toContain(151668);
    expect(tokenizer.decode(ids)).toBe(prompt);
  }, 30_000);

  it('is reused when the stamp matches and regenerated when the parameters change', async () => {
    const graph = join(dir, 'onnx', 'model.onnx');
    const writtenAt = (await stat(graph)).mtimeMs;
    const again = await ensureTinyModel({ outDir: dir });
    expect(again.generated).toBe(false);
    expect((await stat(graph)).mtimeMs).toBe(writtenAt);
    const other = join(root, 'stamp');
    expect((await ensureTinyModel({ outDir: other, layers: 1, hidden: 16, intermediate: 32 })).generated).toBe(true);
    expect((await ensureTinyModel({ outDir: other, layers: 1, hidden: 16, intermediate: 32 })).generated).toBe(false);
    expect((await ensureTinyModel({ outDir: other, layers: 1, hidden: 16, intermediate: 32, seed: 2 })).generated).toBe(true);
  }, 30_000);

  it('(f) with external data in 2 chunks loads in onnxruntime-node and gives the same logits', async () => {
    const external = await ensureTinyModel({ outDir: join(root, 'external'), externalData: 2 });
    expect(Object.keys(external.files)).toEqual(expect.arrayContaining(['onnx/model.onnx', 'onnx/model.onnx_data', 'onnx/model.onnx_data_1']));
    expect(external.files['onnx/model.onnx']).toBeLessThan(100_000);
    const config = JSON.parse(await readFile(join(external.dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config['transformers.js_config']).toEqual({ dtype: 'fp32', use_external_data_format: { 'model.onnx': 2 } });

    const shape = external.params.shape;
    const inline = await ort.InferenceSession.create(join(dir, 'onnx', 'model.onnx'));
    const split = await ort.InferenceSession.create(join(external.dir, 'onnx', 'model.onnx'));
    try {
      const expected = await runOnnx(inline, shape, single(TOKENS));
      const actual = await runOnnx(split, shape, single(TOKENS));
      expect(maxAbsDiff(actual.logits, expected.logits)).toBeLessThan(1e-6);
    } finally {
      await inline.release();
      await split.release();
    }
  }, 30_000);
});
