/**
 * The builder-style tiny Qwen3 (the graph style of the onnx-community exports: GQA,
 * RotaryEmbedding, (Skip)SimplifiedLayerNormalization, MatMulNBits): every dtype file
 * must compute what the TypeScript reference computes — fp32 and q4 within 1e-4, fp16
 * and q4f16 within float16's rounding — through prefill, cached steps, multi-token
 * continuations, far rotary positions and `num_logits_to_keep`, and greedy decoding must
 * pick the reference's tokens. q8 (onnxruntime's dynamic quantization: its activations
 * are rounded to 8 bits each MatMul) stays near the reference and picks its top tokens.
 * A deliberately broken graph must fail the same checks.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, Tensor, env } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QWEN3_VOCAB_SIZE, referenceForward, type ReferenceCache, type ReferenceOutputs, type TinyModelShape, type TinyWeights } from '../../scripts/tiny-model/index.js';
import {
  BUILDER_DTYPES,
  builderReferenceWeights,
  ensureBuilderModel,
  fromFloat16,
  type BuilderDtype,
  type BuilderModelInfo,
} from '../../scripts/tiny-model/builder/index.js';
import { onnx } from '../../scripts/tiny-model/onnx-builder.js';

/** Max |logit − reference| per dtype. Logits reach ~8; float16 (weights exact, activations and rotary caches rounded) is ~1e-2 off. */
const TOLERANCE: Record<ExactDtype, number> = { fp32: 1e-4, q4: 1e-4, fp16: 5e-2, q4f16: 5e-2 };
/** The dtypes that compute the reference's function; q8 quantizes activations too. */
type ExactDtype = Exclude<BuilderDtype['name'], 'q8' | 'int8'>;
const EXACT_DTYPES = Object.values(BUILDER_DTYPES).filter((dtype): dtype is BuilderDtype & { name: ExactDtype } => dtype.weights !== 'q8');
/** q8's logits against the reference: measured 0.21 at logits up to 6.9 (the activations' 8-bit rounding). */
const Q8_TOLERANCE = 0.5;
/** `<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n`. */
const CHAT_PROMPT = [151644, 872, 198, 9707, 151645, 198, 151644, 77091, 198];
const TOKENS = [785, 3974, 13876, 38835, 34208, 916, 279, 15678, 5562, 13];
const GREEDY_STEPS = 16;

let root: string;
let fixture: BuilderModelInfo;
let weights: TinyWeights;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'builder-qwen3-'));
  // The default fixture (npm run make:tiny-model has usually made it already).
  fixture = await ensureBuilderModel();
  weights = builderReferenceWeights(fixture.params.shape, fixture.params.seed);
}, 60_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

// --- Helpers -------------------------------------------------------------------------

interface Step {
  ids: number[];
  /** Positions of `ids`; the mask covers past + ids. */
  start: number;
  positions?: number[];
}

interface OnnxOutputs {
  /** Logits widened to float32, `[1, kept, vocab]`. */
  logits: Float32Array;
  present: Record<string, ort.Tensor>;
}

const int64 = (values: number[], dims: number[]): ort.Tensor => new ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), dims);
const widen = (tensor: ort.Tensor): Float32Array => (tensor.type === 'float16' ? fromFloat16(tensor.data as Uint16Array) : (tensor.data as Float32Array));

async function runOnnx(session: ort.InferenceSession, shape: TinyModelShape, step: Step, past?: Record<string, ort.Tensor>, keep = 0): Promise<OnnxOutputs> {
  const fp16 = session.inputMetadata.find((m) => m.name === 'past_key_values.0.key')!;
  const half = fp16.isTensor && fp16.type === 'float16';
  const positions = step.positions ?? step.ids.map((_, i) => step.start + i);
  const feeds: Record<string, ort.Tensor> = {
    input_ids: int64(step.ids, [1, step.ids.length]),
    attention_mask: int64(Array<number>(step.start + step.ids.length).fill(1), [1, step.start + step.ids.length]),
    position_ids: int64(positions, [1, positions.length]),
  };
  if (session.inputNames.includes('num_logits_to_keep')) feeds['num_logits_to_keep'] = int64([keep], []);
  for (let i = 0; i < shape.layers; i++) {
    for (const kind of ['key', 'value']) {
      const empty = half ? new ort.Tensor('float16', new Uint16Array(0), [1, shape.kvHeads, 0, shape.headDim]) : new ort.Tensor('float32', new Float32Array(0), [1, shape.kvHeads, 0, shape.headDim]);
      feeds[`past_key_values.${i}.${kind}`] = past?.[`present.${i}.${kind}`] ?? empty;
    }
  }
  const results = await session.run(feeds);
  const present: Record<string, ort.Tensor> = {};
  for (const [name, tensor] of Object.entries(results)) if (name.startsWith('present.')) present[name] = tensor;
  return { logits: widen(results['logits']!), present };
}

function reference(step: Step, past?: ReferenceCache): ReferenceOutputs {
  const positions = step.positions ?? step.ids.map((_, i) => step.start + i);
  return referenceForward(weights, {
    inputIds: [step.ids],
    attentionMask: [Array<number>(step.start + step.ids.length).fill(1)],
    positionIds: [positions],
    past,
  });
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

function cacheDiff(present: Record<string, ort.Tensor>, cache: ReferenceCache): number {
  let max = 0;
  cache.layers.forEach((layer, i) => {
    max = Math.max(max, maxAbsDiff(widen(present[`present.${i}.key`]!), layer.key), maxAbsDiff(widen(present[`present.${i}.value`]!), layer.value));
  });
  return max;
}

/**
 * Greedy decoding from the chat prompt, feeding the reference's token at each
 * step to both, each step's logits within `tolerance` of the reference's.
 */
async function greedyAgainstReference(session: ort.InferenceSession, shape: TinyModelShape, steps: number, tolerance: number): Promise<{ tokens: number[]; referenceTokens: number[] }> {
  let actual = await runOnnx(session, shape, { ids: CHAT_PROMPT, start: 0 }, undefined, 1);
  let expected = reference({ ids: CHAT_PROMPT, start: 0 });
  let length = CHAT_PROMPT.length;
  const tokens: number[] = [];
  const referenceTokens: number[] = [];
  for (let i = 0; i < steps; i++) {
    const expectedRow = lastRow(expected.logits);
    expect(maxAbsDiff(actual.logits, expectedRow)).toBeLessThan(tolerance);
    tokens.push(argmax(actual.logits));
    referenceTokens.push(argmax(expectedRow));
    const step = { ids: [referenceTokens.at(-1)!], start: length };
    actual = await runOnnx(session, shape, step, actual.present, 1);
    expected = reference(step, expected.present);
    length += 1;
  }
  return { tokens, referenceTokens };
}

const lastRow = <T extends Float32Array | Float64Array>(logits: T): T => logits.subarray(logits.length - QWEN3_VOCAB_SIZE) as T;

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function decodeModel(bytes: Uint8Array): ReturnType<typeof onnx.ModelProto.decode> {
  return onnx.ModelProto.decode(bytes);
}

// --- The folder ----------------------------------------------------------------------

describe('builder-style fixture folder', () => {
  it('holds the five dtype files, q4f16 in two external data chunks declared in transformers.js_config', async () => {
    for (const file of ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx', 'onnx/model_fp16.onnx', 'onnx/model_q4.onnx', 'onnx/model_q4f16.onnx', 'onnx/model_q4f16.onnx_data', 'onnx/model_q4f16.onnx_data_1', 'onnx/model_quantized.onnx']) {
      expect((await stat(join(fixture.dir, file))).size, file).toBeGreaterThan(0);
    }
    expect(fixture.files['onnx/model_q4f16.onnx']).toBeLessThan(100_000);
    const config = JSON.parse(await readFile(join(fixture.dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ model_type: 'qwen3', num_key_value_heads: 2, head_dim: 32, tie_word_embeddings: true });
    expect(config['transformers.js_config']).toEqual({
      kv_cache_dtype: { q4f16: 'float16', fp16: 'float16' },
      use_external_data_format: { 'model_q4f16.onnx': 2 },
    });
  });

  it.each(Object.values(BUILDER_DTYPES))('$file uses the builder ops and names and no GatherBlockQuantized', async ({ file, weights }) => {
    const model = decodeModel(await readFile(join(fixture.dir, 'onnx', file)));
    const ops = new Set(model.graph!.node!.map((n) => `${n.domain || 'ai.onnx'}:${n.opType}`));
    for (const op of ['com.microsoft:GroupQueryAttention', 'com.microsoft:RotaryEmbedding', 'com.microsoft:SkipSimplifiedLayerNormalization', 'ai.onnx:SimplifiedLayerNormalization']) {
      expect(ops, op).toContain(op);
    }
    expect(ops.has('com.microsoft:MatMulNBits')).toBe(weights === 'q4');
    // quantize_dynamic's pattern: no float MatMul left, the embedding dequantized after its Gather.
    for (const op of ['ai.onnx:DynamicQuantizeLinear', 'ai.onnx:MatMulInteger', 'ai.onnx:DequantizeLinear']) expect(ops.has(op), op).toBe(weights === 'q8');
    expect(ops.has('ai.onnx:MatMul')).toBe(weights === 'float');
    expect(ops.has('com.microsoft:GatherBlockQuantized')).toBe(false);
    const names = model.graph!.node!.map((n) => n.name);
    expect(names).toContain('/model/attn_mask_reformat/attn_mask_subgraph/ReduceSum');
    expect(names).toContain('/model/layers.0/attn/GroupQueryAttention');
    expect(names).toContain({ float: '/lm_head/MatMul', q4: '/lm_head/MatMul_Q4', q8: '/lm_head/MatMul_quant' }[weights]);
    const gqa = model.graph!.node!.find((n) => n.opType === 'GroupQueryAttention')!;
    // seqlens_k and total_sequence_length come from attention_mask inside the graph.
    expect(gqa.input!.slice(5)).toEqual(['/model/attn_mask_reformat/attn_mask_subgraph/Sub/Cast/output_0', '/model/attn_mask_reformat/attn_mask_subgraph/Gather/Cast/output_0']);
    if (weights === 'q4') {
      const nbits = model.graph!.node!.find((n) => n.opType === 'MatMulNBits')!;
      const attrs = Object.fromEntries(nbits.attribute!.map((a) => [a.name, Number(a.i)]));
      expect(attrs).toMatchObject({ bits: 4, block_size: 32 });
    }
  });

  it('is reused when the stamp matches', async () => {
    expect((await ensureBuilderModel()).generated).toBe(false);
  });
});

// --- Numerics, per dtype -------------------------------------------------------------

describe.each(EXACT_DTYPES)('builder-style $name ($file)', (dtype) => {
  const tolerance = TOLERANCE[dtype.name];
  let session: ort.InferenceSession;
  let shape: TinyModelShape;
  beforeAll(async () => {
    shape = fixture.params.shape;
    session = await ort.InferenceSession.create(join(fixture.dir, 'onnx', dtype.file));
  }, 30_000);
  afterAll(async () => {
    await session?.release();
  });

  it('declares the builder inputs and outputs: numeric KV heads and head_dim, I/O and cache in its float type', () => {
    const { layers, kvHeads, headDim } = shape;
    const pairs = (prefix: string): string[] => Array.from({ length: layers }, (_, i) => [`${prefix}.${i}.key`, `${prefix}.${i}.value`]).flat();
    expect(session.inputNames).toEqual(['input_ids', 'attention_mask', 'position_ids', ...pairs('past_key_values'), 'num_logits_to_keep']);
    expect(session.outputNames).toEqual(['logits', ...pairs('present')]);
    const type = dtype.io === 'float16' ? 'float16' : 'float32';
    // transformers.js builds the empty first-step cache from these dims, resolving only batch_size.
    expect(session.inputMetadata.find((m) => m.name === 'past_key_values.1.value')).toMatchObject({ type, shape: ['batch_size', kvHeads, 'past_sequence_length', headDim] });
    expect(session.inputMetadata.find((m) => m.name === 'num_logits_to_keep')).toMatchObject({ type: 'int64', shape: [] });
    expect(session.outputMetadata.find((m) => m.name === 'logits')).toMatchObject({ type });
    expect(session.outputMetadata.find((m) => m.name === 'present.0.key')).toMatchObject({ type });
  });

  it('full-sequence logits and present KV match the reference', async () => {
    const step = { ids: TOKENS, start: 0 };
    const actual = await runOnnx(session, shape, step);
    const expected = reference(step);
    expect(maxAbsDiff(actual.logits, expected.logits)).toBeLessThan(tolerance);
    expect(cacheDiff(actual.present, expected.present)).toBeLessThan(tolerance);
  });

  it('prefill, one cached step, then a 3-token continuation on the cache match the reference', async () => {
    const prefill = { ids: TOKENS.slice(0, 5), start: 0 };
    const one = { ids: [TOKENS[5]!], start: 5 };
    const three = { ids: TOKENS.slice(6, 9), start: 6 };
    const a1 = await runOnnx(session, shape, prefill);
    const r1 = reference(prefill);
    const a2 = await runOnnx(session, shape, one, a1.present);
    const r2 = reference(one, r1.present);
    expect(maxAbsDiff(a2.logits, r2.logits)).toBeLessThan(tolerance);
    const a3 = await runOnnx(session, shape, three, a2.present);
    const r3 = reference(three, r2.present);
    expect(maxAbsDiff(a3.logits, r3.logits)).toBeLessThan(tolerance);
    expect(cacheDiff(a3.present, r3.present)).toBeLessThan(tolerance);
  });

  it('rotary positions far apart (cache rows up to 30000) match the reference', async () => {
    const step = { ids: TOKENS.slice(0, 6), start: 0, positions: [0, 1, 2, 30_000, 30_001, 30_002] };
    expect(maxAbsDiff((await runOnnx(session, shape, step)).logits, reference(step).logits)).toBeLessThan(tolerance);
  });

  it('num_logits_to_keep = 1 returns only the last position, equal to the full pass', async () => {
    const step = { ids: CHAT_PROMPT, start: 0 };
    const full = await runOnnx(session, shape, step, undefined, 0);
    const kept = await runOnnx(session, shape, step, undefined, 1);
    expect(kept.logits.length).toBe(QWEN3_VOCAB_SIZE);
    // Same function; a one-row MatMulNBits may sum in another order than the 9-row one.
    expect(maxAbsDiff(kept.logits, lastRow(full.logits))).toBeLessThan(Math.max(1e-5, tolerance / 10));
  });

  it(`greedy decoding of ${GREEDY_STEPS} tokens picks the reference's tokens`, async () => {
    const { tokens, referenceTokens } = await greedyAgainstReference(session, shape, GREEDY_STEPS, tolerance);
    expect(tokens).toEqual(referenceTokens);
    expect(new Set(tokens).size).toBeGreaterThanOrEqual(4);
  }, 30_000);
});

describe.each([BUILDER_DTYPES.q8, BUILDER_DTYPES.int8])('builder-style $name ($file)', ({ file }) => {
  let session: ort.InferenceSession;
  beforeAll(async () => {
    session = await ort.InferenceSession.create(join(fixture.dir, 'onnx', file));
  }, 30_000);
  afterAll(async () => {
    await session?.release();
  });

  it('stays near the reference through a prefill and cached steps, and greedy-decodes its tokens', async () => {
    const { tokens, referenceTokens } = await greedyAgainstReference(session, fixture.params.shape, 6, Q8_TOLERANCE);
    expect(tokens).toEqual(referenceTokens);
  }, 30_000);
});

it('int8 weights (zero point 0) hold the same values as q8\'s uint8 (zero point 128): the same logits', async () => {
  const [unsigned, signed] = await Promise.all([BUILDER_DTYPES.q8, BUILDER_DTYPES.int8].map((d) => ort.InferenceSession.create(join(fixture.dir, 'onnx', d.file))));
  try {
    const step = { ids: TOKENS, start: 0 };
    const a = await runOnnx(unsigned!, fixture.params.shape, step);
    const b = await runOnnx(signed!, fixture.params.shape, step);
    expect(maxAbsDiff(a.logits, b.logits)).toBeLessThan(1e-5);
    const model = decodeModel(await readFile(join(fixture.dir, 'onnx', BUILDER_DTYPES.int8.file)));
    const weight = model.graph!.initializer!.find((t) => t.name === 'lm_head.MatMul.weight_quantized')!;
    expect(weight.dataType).toBe(onnx.TensorProto.DataType.INT8);
  } finally {
    await Promise.all([unsigned?.release(), signed?.release()]);
  }
}, 30_000);

// --- Through transformers.js --------------------------------------------------------

describe('builder-style fixture through transformers.js 4.3.1 (Node, onnxruntime-node)', () => {
  it('q4 and q4f16 (two external data chunks, float16 cache) load from config.json and greedy-decode the reference tokens', async () => {
    env.allowRemoteModels = false;
    env.localModelPath = `${join(fixture.dir, '..', '..')}/`;
    const id = `${basename(join(fixture.dir, '..'))}/${basename(fixture.dir)}`;
    const tokenizer = await AutoTokenizer.from_pretrained(id);
    const prompt = tokenizer.encode(tokenizer.apply_chat_template([{ role: 'user', content: 'Hello' }], { tokenize: false, add_generation_prompt: true }) as string);
    const steps = 6;
    let expected = reference({ ids: prompt, start: 0 });
    const referenceTokens: number[] = [];
    for (let i = 0; i < steps; i++) {
      referenceTokens.push(argmax(lastRow(expected.logits)));
      expected = reference({ ids: [referenceTokens.at(-1)!], start: prompt.length + i }, expected.present);
    }
    for (const dtype of ['q4', 'q4f16'] as const) {
      const model = await AutoModelForCausalLM.from_pretrained(id, { dtype, device: 'cpu' });
      try {
        const inputIds = new Tensor('int64', BigInt64Array.from(prompt, (v) => BigInt(v)), [1, prompt.length]);
        const attentionMask = new Tensor('int64', BigInt64Array.from(prompt, () => 1n), [1, prompt.length]);
        const output = (await model.generate({ input_ids: inputIds, attention_mask: attentionMask, max_new_tokens: steps, do_sample: false })) as Tensor;
        expect(Array.from(output.data as BigInt64Array, Number).slice(prompt.length), dtype).toEqual(referenceTokens);
      } finally {
        await model.dispose();
      }
    }
  }, 60_000);
});

// --- Deliberate breakage -------------------------------------------------------------

describe('builder-style checks catch a broken graph', () => {
  /** Logit error of the q4 graph after `mutate`, on the plain prompt. */
  async function errorAfter(mutate: (model: ReturnType<typeof onnx.ModelProto.decode>) => void): Promise<number> {
    const model = decodeModel(await readFile(join(fixture.dir, 'onnx', 'model_q4.onnx')));
    mutate(model);
    const session = await ort.InferenceSession.create(onnx.ModelProto.encode(model).finish());
    try {
      const step = { ids: TOKENS, start: 0 };
      return maxAbsDiff((await runOnnx(session, fixture.params.shape, step)).logits, reference(step).logits);
    } finally {
      await session.release();
    }
  }

  it('the unmodified graph passes (control)', async () => {
    expect(await errorAfter(() => {})).toBeLessThan(TOLERANCE.q4);
  });

  it('interleaved rotary instead of rotate_half fails', async () => {
    const error = await errorAfter((model) => {
      for (const node of model.graph!.node!) if (node.opType === 'RotaryEmbedding') node.attribute!.find((a) => a.name === 'interleaved')!.i = 1;
    });
    expect(error).toBeGreaterThan(100 * TOLERANCE.q4);
  });

  it('high nibble first in one MatMulNBits weight fails', async () => {
    const error = await errorAfter((model) => {
      const weight = model.graph!.initializer!.find((t) => t.name === 'model.layers.1.mlp.down_proj.MatMul.weight_Q4')!;
      const bytes = weight.rawData!;
      for (let i = 0; i < bytes.length; i++) bytes[i] = ((bytes[i]! & 0x0f) << 4) | (bytes[i]! >> 4);
    });
    expect(error).toBeGreaterThan(100 * TOLERANCE.q4);
  });
});

// --- A shape whose widths are not multiples of the 32-wide blocks --------------------

describe('builder-style q4 with padded blocks (hidden 48, 4 heads × 16, 1 KV head, intermediate 96)', () => {
  it('matches the reference, fp32 and q4 alike', async () => {
    const shape: TinyModelShape = { hidden: 48, layers: 1, heads: 4, kvHeads: 1, headDim: 16, intermediate: 96 };
    const info = await ensureBuilderModel({ outDir: join(root, 'padded'), ...shape, seed: 5, dtypes: ['fp32', 'q4'], externalData: { q4: 2 } });
    const config = JSON.parse(await readFile(join(info.dir, 'config.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(config['transformers.js_config']!['use_external_data_format']).toEqual({ 'model_q4.onnx': 2 });
    const paddedWeights = builderReferenceWeights(shape, 5);
    const step = { ids: CHAT_PROMPT, start: 0 };
    const expected = referenceForward(paddedWeights, { inputIds: [step.ids], attentionMask: [step.ids.map(() => 1)], positionIds: [step.ids.map((_, i) => i)] });
    for (const file of ['model.onnx', 'model_q4.onnx']) {
      const session = await ort.InferenceSession.create(join(info.dir, 'onnx', file));
      try {
        expect(maxAbsDiff((await runOnnx(session, shape, step)).logits, expected.logits), file).toBeLessThan(1e-4);
      } finally {
        await session.release();
      }
    }
  }, 60_000);
});
