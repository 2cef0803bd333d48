/** The one-node model the engine creates to start onnxruntime-web early (src/engine/start-runtime.ts). */
import * as ort from 'onnxruntime-node';
import { describe, expect, it, vi } from 'vitest';
import { onnx } from '../../scripts/tiny-model/onnx-builder.js';
import { holdGraphFilesUntil, IDENTITY_MODEL_BASE64 } from '../../src/engine/start-runtime.js';

const bytes = Uint8Array.from(Buffer.from(IDENTITY_MODEL_BASE64, 'base64'));

describe('the runtime-start model', () => {
  it('is an ONNX Identity over one float', () => {
    const model = onnx.ModelProto.decode(bytes);
    expect(model.graph?.node?.map((node) => node.opType)).toEqual(['Identity']);
    expect(model.graph?.input?.map((input) => input.name)).toEqual(['x']);
    expect(model.graph?.output?.map((output) => output.name)).toEqual(['y']);
    expect(Number(model.opsetImport?.[0]?.version)).toBe(13);
  });

  it('loads and runs in onnxruntime', async () => {
    const session = await ort.InferenceSession.create(bytes);
    try {
      const { y } = await session.run({ x: new ort.Tensor('float32', new Float32Array([3.5]), [1]) });
      expect(Array.from(y!.data as Float32Array)).toEqual([3.5]);
    } finally {
      await session.release();
    }
  });
});

describe('holdGraphFilesUntil', () => {
  const BASE = 'http://hub.test/acme/tiny/resolve/main';
  /** A response whose body sends two chunks; the second only when `release()` is called. */
  function slowFetch() {
    let release!: () => void;
    const second = new Promise<void>((resolve) => (release = resolve));
    const fetchFn = vi.fn(async () => {
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new Uint8Array([1, 2]));
          await second;
          controller.enqueue(new Uint8Array([3]));
          controller.close();
        },
      });
      return new Response(body, { status: 200, headers: { 'content-length': '3' } });
    });
    return { fetchFn, release };
  }

  it("lets a graph file's bytes through as they come, and ends it only once the gate opens", async () => {
    const { fetchFn, release } = slowFetch();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const response = await holdGraphFilesUntil(fetchFn, () => gate)(`${BASE}/onnx/model.onnx`);
    expect(response.headers.get('content-length')).toBe('3');
    const reader = response.body!.getReader();
    expect((await reader.read()).value).toEqual(new Uint8Array([1, 2]));
    release();
    expect((await reader.read()).value).toEqual(new Uint8Array([3]));
    let ended = false;
    const end = reader.read().then((result) => (ended = result.done));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ended).toBe(false);
    open();
    await end;
    expect(ended).toBe(true);
  });

  it('leaves other files, and every file once there is no gate, untouched', async () => {
    const { fetchFn } = slowFetch();
    const original = await fetchFn();
    fetchFn.mockResolvedValue(original);
    const gate = new Promise<void>(() => undefined);
    expect(await holdGraphFilesUntil(fetchFn, () => gate)(`${BASE}/tokenizer.json`)).toBe(original);
    expect(await holdGraphFilesUntil(fetchFn, () => gate)(`http://hub.test/onnx-community/Qwen3-0.6B-ONNX/resolve/main/config.json`)).toBe(original);
    expect(await holdGraphFilesUntil(fetchFn, () => undefined)(`${BASE}/onnx/model.onnx`)).toBe(original);
  });
});
