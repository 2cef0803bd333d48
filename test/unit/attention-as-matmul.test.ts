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
import { attentionAsMatMul } from '../../src/engine/graph-rewrite/attention-as-matmul.js';
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

/** The largest |a − b| over every output of three passes. */
async function largestDifference(original: ort.InferenceSession, rewritten: ort.InferenceSession): Promise<Record<string, number>> {
  const worst: Record<string, number> = {};
  let pastA: Record<string, ort.Tensor> | undefined;
  let pastB: Record<string, ort.Tensor> | undefined;
  let length = 0;
  for (const ids of [PROMPT, SECOND_CHUNK, ...DECODE.map((id) => [id])]) {
    const [a, b] = [await step(original, ids, length, pastA), await step(rewritten, ids, length, pastB)];
    for (const name of Object.keys(a)) {
      expect(b[name]!.dims, name).toEqual(a[name]!.dims);
      const x = a[name]!.data as Float32Array;
      const y = b[name]!.data as Float32Array;
      let max = 0;
      for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i]! - y[i]!));
      worst[name.replace(/\.\d+\./, '.*.')] = Math.max(worst[name.replace(/\.\d+\./, '.*.')] ?? 0, max);
    }
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

/** The op types of a model's nodes, in order. */
function decodeOps(bytes: Uint8Array): string[] {
  return onnx.ModelProto.decode(bytes).graph!.node!.map((node) => node.opType!);
}
