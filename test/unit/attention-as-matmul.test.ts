/**
 * The graph rewrite that replaces GroupQueryAttention with standard ops
 * (src/engine/graph-rewrite/attention-as-matmul.ts), run in onnxruntime-web's
 * WASM build — what the browser runs — on the builder-style tiny model: the
 * rewritten graph must give the original graph's logits and KV cache through
 * a prefill, a second chunk on top of a cache (the engine's chunked prefill
 * and KV reuse) and decode steps, in every float32-activation dtype. Nodes it
 * cannot express are left as they are.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILDER_DTYPES, ensureBuilderModel, type BuilderModelInfo } from '../../scripts/tiny-model/builder/index.js';
import { attentionAsMatMul, attentionOverKvBuffer } from '../../src/engine/graph-rewrite/attention-as-matmul.js';
import { isKvView, KV_BUFFER_GROWTH, kvViewData, truncatedKvView, type OrtTensorClass } from '../../src/engine/kv-in-place/kv-buffer.js';
import { runWithKvInPlace, type RunnableSession } from '../../src/engine/kv-in-place/run-with-kv-in-place.js';
import { encodeNode, readNode } from '../../src/engine/graph-rewrite/graph-nodes.js';
import { sliceBeforeLmHead } from '../../src/engine/graph-rewrite/last-position-logits.js';
import { rewriteGraphBytes } from '../../src/engine/graph-rewrite/rewrite-graph-response.js';
import { onnx } from '../../scripts/tiny-model/onnx-builder.js';

ort.env.wasm.numThreads = 1;

/** `<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n`, then a second chunk, then decode steps. */
const PROMPT = [151644, 872, 198, 9707, 151645, 198, 151644, 77091, 198];
const SECOND_CHUNK = [785, 3974, 13876, 38835, 34208];
const DECODE = [916, 279, 15678];

let root: string;
let fixture: BuilderModelInfo;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'attention-as-matmul-'));
  fixture = await ensureBuilderModel();
}, 120_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const int64 = (values: number[], dims: number[]): ort.Tensor => new ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), dims);

/** Runs `ids` on top of `past` (or an empty cache); the outputs as float32 arrays. */
async function step(session: ort.InferenceSession, ids: number[], pastLength: number, past?: Record<string, ort.Tensor>) {
  const total = pastLength + ids.length;
  const feeds: Record<string, ort.Tensor> = {
    input_ids: int64(ids, [1, ids.length]),
    attention_mask: int64(Array<number>(total).fill(1), [1, total]),
    position_ids: int64(ids.map((_, i) => pastLength + i), [1, ids.length]),
  };
  if (session.inputNames.includes('num_logits_to_keep')) feeds['num_logits_to_keep'] = int64([0], []);
  const { shape } = fixture.params;
  for (let i = 0; i < shape.layers; i++) {
    for (const kind of ['key', 'value']) {
      feeds[`past_key_values.${i}.${kind}`] = past?.[`present.${i}.${kind}`] ?? new ort.Tensor('float32', new Float32Array(0), [1, shape.kvHeads, 0, shape.headDim]);
    }
  }
  return session.run(feeds);
}

type Outputs = Record<string, ort.Tensor>;

/** A tensor's values as its dims lay them out (a cache held in place is read through its buffer). */
const valuesOf = (tensor: ort.Tensor): Float32Array => (isKvView(tensor) ? kvViewData(tensor) : (tensor.data as Float32Array));

/** The largest |a − b| over every output, per kind (`logits`, `present.*.key`, …). */
function compareOutputs(a: Outputs, b: Outputs, worst: Record<string, number> = {}): Record<string, number> {
  for (const name of Object.keys(a)) {
    expect(b[name]!.dims, name).toEqual(a[name]!.dims);
    const [x, y] = [valuesOf(a[name]!), valuesOf(b[name]!)];
    let max = 0;
    for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i]! - y[i]!));
    const kind = name.replace(/\.\d+\./, '.*.');
    worst[kind] = Math.max(worst[kind] ?? 0, max);
  }
  return worst;
}

/** The largest |a − b| over every output of the passes `chunks`, each on the cache before it. */
async function largestDifference(original: ort.InferenceSession, rewritten: ort.InferenceSession, chunks = [PROMPT, SECOND_CHUNK, ...DECODE.map((id) => [id])]): Promise<Record<string, number>> {
  const worst: Record<string, number> = {};
  let pastA: Outputs | undefined;
  let pastB: Outputs | undefined;
  let length = 0;
  for (const ids of chunks) {
    const [a, b] = [await step(original, ids, length, pastA), await step(rewritten, ids, length, pastB)];
    compareOutputs(a, b, worst);
    [pastA, pastB, length] = [a, b, length + ids.length];
  }
  return worst;
}

/** A `.onnx` file rewritten by `rewrites`; fails when none applies. */
function rewriteFile(bytes: Uint8Array, rewrites: Parameters<typeof rewriteGraphBytes>[1]): Uint8Array {
  const rewritten = rewriteGraphBytes(bytes, rewrites);
  if (!rewritten) throw new Error('not rewritten');
  return rewritten;
}

describe('GroupQueryAttention as MatMul and Softmax', () => {
  /** Measured: at most 7e-6 (the products' summation order); a wrong mask or head mapping moves logits by ~1. */
  const TOLERANCE = 1e-4;
  for (const dtype of [BUILDER_DTYPES.fp32, BUILDER_DTYPES.q4, BUILDER_DTYPES.q8]) {
    it(`${dtype.name}: the rewritten graph gives the same logits and cache through prefill, a second chunk and decode`, async () => {
      const originalPath = join(fixture.dir, 'onnx', dtype.file);
      const rewrittenPath = join(root, dtype.file);
      const rewritten = rewriteFile(new Uint8Array(await readFile(originalPath)), [attentionAsMatMul]);
      await writeFile(rewrittenPath, rewritten);
      const ops = new Set(decodeOps(rewritten));
      expect(ops.has('GroupQueryAttention')).toBe(false);
      expect(ops.has('FusedMatMul')).toBe(true);

      const original = await ort.InferenceSession.create(originalPath, { executionProviders: ['wasm'] });
      const session = await ort.InferenceSession.create(rewrittenPath, { executionProviders: ['wasm'] });
      try {
        expect(session.inputNames).toEqual(original.inputNames);
        expect(session.outputNames).toEqual(original.outputNames);
        const worst = await largestDifference(original, session);
        expect(Object.keys(worst).sort()).toEqual(['logits', 'present.*.key', 'present.*.value']);
        for (const [name, difference] of Object.entries(worst)) expect(difference, name).toBeLessThan(TOLERANCE);
      } finally {
        await Promise.all([original.release(), session.release()]);
      }
    }, 60_000);
  }

  it('composes with the lm_head slice', async () => {
    const bytes = new Uint8Array(await readFile(join(fixture.dir, 'onnx', BUILDER_DTYPES.q4.file)));
    const ops = decodeOps(rewriteFile(bytes, [attentionAsMatMul, sliceBeforeLmHead]));
    expect(ops).not.toContain('GroupQueryAttention');
    expect(ops).toContain('Slice');
  });

  it('leaves attention it cannot express to the kernel', () => {
    const gqa = (attributes: Record<string, number>, inputs = ['q', 'k', 'v', 'pk', 'pv', 'seqlens', 'total']) =>
      readNode(
        encodeNode({
          opType: 'GroupQueryAttention',
          domain: 'com.microsoft',
          name: 'attn',
          inputs,
          outputs: ['out', 'present.key', 'present.value'],
          attributes: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, Number.isInteger(value) ? { int: value } : { float: value }])),
        }),
      );
    const plain = { num_heads: 4, kv_num_heads: 2, scale: 0.125, local_window_size: -1 };
    expect(attentionAsMatMul.apply([gqa(plain)])).toBeDefined();
    expect(attentionAsMatMul.apply([gqa({ ...plain, do_rotary: 1 })])).toBeUndefined();
    expect(attentionAsMatMul.apply([gqa({ ...plain, softcap: 30.5 })])).toBeUndefined();
    expect(attentionAsMatMul.apply([gqa({ ...plain, local_window_size: 128 })])).toBeUndefined();
    expect(attentionAsMatMul.apply([gqa({ num_heads: 4, kv_num_heads: 2 })])).toBeUndefined();
    expect(attentionAsMatMul.apply([gqa({ ...plain, num_heads: 5 })])).toBeUndefined();
    expect(attentionAsMatMul.apply([gqa(plain, ['q', '', '', 'pk', 'pv', 'seqlens', 'total'])])).toBeUndefined();
    expect(attentionAsMatMul.apply([gqa(plain, ['q', 'k', 'v', 'pk', 'pv', 'seqlens', 'total', 'cos', 'sin'])])).toBeUndefined();
  });
});

describe('attention over a KV cache held in place (kv-in-place/)', () => {
  const TOLERANCE = 1e-4;
  /** Ordinary-vocabulary ids, enough to cross the buffer's first growth. */
  const LONG_CHUNK = Array.from({ length: KV_BUFFER_GROWTH - 10 }, (_, i) => 1000 + ((i * 7919) % 140_000));

  /** The original graph and the in-place one for `file`, the latter run through `runWithKvInPlace`. */
  async function sessions(file: string): Promise<[ort.InferenceSession, ort.InferenceSession]> {
    const rewrittenPath = join(root, `in-place-${file}`);
    await writeFile(rewrittenPath, rewriteFile(new Uint8Array(await readFile(join(fixture.dir, 'onnx', file))), [attentionOverKvBuffer]));
    const original = await ort.InferenceSession.create(join(fixture.dir, 'onnx', file), { executionProviders: ['wasm'] });
    const session = await ort.InferenceSession.create(rewrittenPath, { executionProviders: ['wasm'] });
    runWithKvInPlace(session as unknown as RunnableSession);
    return [original, session];
  }

  for (const dtype of [BUILDER_DTYPES.fp32, BUILDER_DTYPES.q8]) {
    it(`${dtype.name}: the same logits and cache as GroupQueryAttention through prefill, chunks, decode and the buffer's growth`, async () => {
      const [original, session] = await sessions(dtype.file);
      try {
        expect(session.inputNames).toEqual(original.inputNames);
        const worst = await largestDifference(original, session, [PROMPT, SECOND_CHUNK, LONG_CHUNK, ...DECODE.map((id) => [id]), [785], [3974], [13876]]);
        expect(Object.keys(worst).sort()).toEqual(['logits', 'present.*.key', 'present.*.value']);
        for (const [name, difference] of Object.entries(worst)) expect(difference, name).toBeLessThan(TOLERANCE);
      } finally {
        await Promise.all([original.release(), session.release()]);
      }
    }, 60_000);
  }

  it('a cache cut back, an older cache still intact, and one a later pass overwrote', async () => {
    const [original, session] = await sessions(BUILDER_DTYPES.fp32.file);
    try {
      const Tensor = ort.Tensor as unknown as OrtTensorClass;
      const cut = (outputs: Outputs, length: number, inPlace: boolean): Outputs =>
        Object.fromEntries(
          Object.entries(outputs)
            .filter(([name]) => name.startsWith('present.'))
            .map(([name, t]) => [name, (inPlace ? truncatedKvView(Tensor, t, length) : new ort.Tensor('float32', sliceSequence(t, length), [t.dims[0]!, t.dims[1]!, length, t.dims[3]!])) as ort.Tensor]),
        );
      const a1 = await step(original, PROMPT, 0);
      const b1 = await step(session, PROMPT, 0);
      const a2 = await step(original, SECOND_CHUNK, PROMPT.length, a1);
      const b2 = await step(session, SECOND_CHUNK, PROMPT.length, b1);
      // b1 is older than b2 but intact: it forks, and b2 stays readable.
      const fork = compareOutputs(await step(original, DECODE, PROMPT.length, a1), await step(session, DECODE, PROMPT.length, b1));
      compareOutputs(a2, b2, fork);
      // Cut back to 4 positions (in place, nothing copied), then a different continuation.
      const branch = compareOutputs(await step(original, DECODE, 4, cut(a2, 4, false)), await step(session, DECODE, 4, cut(b2, 4, true)));
      for (const [name, difference] of Object.entries({ ...fork, ...branch })) expect(difference, name).toBeLessThan(TOLERANCE);
      // b2's positions 4… were overwritten by the branch: using it is refused, not silently wrong.
      await expect(step(session, [916], PROMPT.length + SECOND_CHUNK.length, b2)).rejects.toMatchObject({ code: 'INTERNAL' });
      expect(() => kvViewData(b2['present.0.key']!)).toThrow(/overwrote/);
    } finally {
      await Promise.all([original.release(), session.release()]);
    }
  }, 60_000);
});

/** The first `length` positions of a `[B, kv, T, D]` tensor. */
function sliceSequence(tensor: ort.Tensor, length: number): Float32Array {
  const [batch = 1, heads = 1, total = 0, headDim = 1] = tensor.dims;
  const data = tensor.data as Float32Array;
  const out = new Float32Array(batch * heads * length * headDim);
  for (let row = 0; row < batch * heads; row++) out.set(data.subarray(row * total * headDim, (row * total + length) * headDim), row * length * headDim);
  return out;
}

/** The op types of a model's nodes, in order. */
function decodeOps(bytes: Uint8Array): string[] {
  return onnx.ModelProto.decode(bytes).graph!.node!.map((node) => node.opType!);
}
