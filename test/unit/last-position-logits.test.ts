/**
 * The graph rewrite that slices the lm_head's input to the last position
 * (src/engine/graph-rewrite): on the builder-style tiny model generated
 * without `num_logits_to_keep`, in every dtype, the rewritten file streamed
 * in small chunks must give, in onnxruntime, exactly the logits and KV cache
 * the same weights give with `num_logits_to_keep` = 1 — whose graph slices at
 * the same place. Graphs that already have the input, and bytes that are no
 * graph, stream through unchanged.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILDER_DTYPES, ensureBuilderModel, fromFloat16, type BuilderModelInfo } from '../../scripts/tiny-model/builder/index.js';
import { sliceBeforeLmHead } from '../../src/engine/graph-rewrite/last-position-logits.js';
import { rewriteGraphResponse, rewriteHead } from '../../src/engine/graph-rewrite/rewrite-graph-response.js';
import { readField, readVarint } from '../../src/engine/graph-rewrite/protobuf-wire.js';

/** `<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n`. */
const PROMPT = [151644, 872, 198, 9707, 151645, 198, 151644, 77091, 198];
const VOCAB = 151_936;

let root: string;
let withKeep: BuilderModelInfo;
let withoutKeep: BuilderModelInfo;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'last-position-'));
  withKeep = await ensureBuilderModel();
  withoutKeep = await ensureBuilderModel({ numLogitsToKeep: false, outDir: join(root, 'no-keep') });
}, 120_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** `bytes` as a response streamed in `chunk`-byte pieces, as the store streams a file. */
function streamed(bytes: Uint8Array, chunk: number): Response {
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
  return new Response(body, { headers: { 'content-length': String(bytes.length) } });
}

async function rewrite(bytes: Uint8Array, chunk = 997): Promise<{ bytes: Uint8Array; contentLength: number }> {
  const response = await rewriteGraphResponse(streamed(bytes, chunk), [sliceBeforeLmHead]);
  return { bytes: new Uint8Array(await response.arrayBuffer()), contentLength: Number(response.headers.get('content-length')) };
}

const int64 = (values: number[], dims: number[]): ort.Tensor => new ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), dims);

/** One prefill of {@link PROMPT}: logits (widened to fp32) and the present KV tensors. */
async function prefill(session: ort.InferenceSession): Promise<{ logits: ort.Tensor; values: Record<string, Float32Array> }> {
  const feeds: Record<string, ort.Tensor> = {
    input_ids: int64(PROMPT, [1, PROMPT.length]),
    attention_mask: int64(PROMPT.map(() => 1), [1, PROMPT.length]),
    position_ids: int64(PROMPT.map((_, i) => i), [1, PROMPT.length]),
  };
  if (session.inputNames.includes('num_logits_to_keep')) feeds['num_logits_to_keep'] = int64([1], []);
  for (const meta of session.inputMetadata) {
    if (!meta.name.startsWith('past_key_values.') || !meta.isTensor) continue;
    const dims = meta.shape.map((d, i) => (typeof d === 'number' ? d : i === 0 ? 1 : 0));
    feeds[meta.name] = meta.type === 'float16' ? new ort.Tensor('float16', new Uint16Array(0), dims) : new ort.Tensor('float32', new Float32Array(0), dims);
  }
  const out = await session.run(feeds);
  const widen = (t: ort.Tensor): Float32Array => (t.type === 'float16' ? fromFloat16(t.data as Uint16Array) : (t.data as Float32Array));
  return { logits: out['logits']!, values: Object.fromEntries(Object.entries(out).map(([name, tensor]) => [name, widen(tensor)])) };
}

describe('slicing the lm_head input to the last position', () => {
  for (const dtype of Object.values(BUILDER_DTYPES)) {
    it(`${dtype.name}: the rewritten graph gives num_logits_to_keep = 1's logits and cache`, async () => {
      const graphPath = join(withoutKeep.dir, 'onnx', dtype.file);
      const original = new Uint8Array(await readFile(graphPath));
      const rewritten = await rewrite(original);
      expect(rewritten.bytes.length).toBeGreaterThan(original.length);
      expect(rewritten.contentLength).toBe(rewritten.bytes.length);
      // Beside the original, so that its external-data files resolve.
      const rewrittenPath = join(withoutKeep.dir, 'onnx', `rewritten_${dtype.file}`);
      await writeFile(rewrittenPath, rewritten.bytes);

      const reference = await ort.InferenceSession.create(join(withKeep.dir, 'onnx', dtype.file));
      const full = await ort.InferenceSession.create(graphPath);
      const sliced = await ort.InferenceSession.create(rewrittenPath);
      try {
        expect(sliced.inputNames).toEqual(full.inputNames);
        expect(sliced.outputNames).toEqual(full.outputNames);
        const [want, before, got] = [await prefill(reference), await prefill(full), await prefill(sliced)];
        expect(before.logits.dims).toEqual([1, PROMPT.length, VOCAB]);
        expect(got.logits.dims).toEqual([1, 1, VOCAB]);
        for (const [name, values] of Object.entries(want.values)) expect(got.values[name], name).toEqual(values);
      } finally {
        await Promise.all([reference.release(), full.release(), sliced.release()]);
      }
    }, 60_000);
  }

  it('leaves a graph that has num_logits_to_keep, and bytes that are no graph, as they are', async () => {
    // Buffer.equals: a deep equality over megabytes element by element takes minutes.
    const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
    const keep = new Uint8Array(await readFile(join(withKeep.dir, 'onnx', BUILDER_DTYPES.q4.file)));
    expect(same((await rewrite(keep)).bytes, keep)).toBe(true);
    const noise = Uint8Array.from({ length: 5000 }, (_, i) => (i * 37) % 251);
    expect(same((await rewrite(noise, 64)).bytes, noise)).toBe(true);
    const truncated = new Uint8Array(await readFile(join(withoutKeep.dir, 'onnx', BUILDER_DTYPES.q4.file))).slice(0, 300);
    expect(same((await rewrite(truncated, 64)).bytes, truncated)).toBe(true);
  });

  it('needs the file only up to the end of the nodes, not the weights after them', async () => {
    const file = new Uint8Array(await readFile(join(withoutKeep.dir, 'onnx', BUILDER_DTYPES.q8.file)));
    // ModelProto field 7 (the graph): walk its nodes (1) and name (2) to the first initializer (5).
    let offset = 0;
    while (readVarint(file, offset)!.value !== 7 * 8 + 2) offset = readField(file, offset)!.end;
    let cursor = readVarint(file, readVarint(file, offset)!.end)!.end;
    while ([1, 2].includes(Math.floor(readVarint(file, cursor)!.value / 8))) cursor = readField(file, cursor)!.end;
    expect(readVarint(file, cursor)!.value).toBe(5 * 8 + 2);
    const nextTag = readVarint(file, cursor)!;
    // The first initializer's tag, length and one byte of it: enough.
    const head = file.subarray(0, readVarint(file, nextTag.end)!.end + 1);
    expect(head.length).toBeLessThan(file.length / 10);
    const plan = rewriteHead(head, [sliceBeforeLmHead]);
    expect(plan).not.toBe('more');
    expect(plan).toBeDefined();
  });
});
