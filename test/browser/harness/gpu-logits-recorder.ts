/**
 * Records, in this worker, the last position's logits of each forward pass
 * onnxruntime runs, so the GPU memory test can compare the first step of a
 * reply that reused a cut KV cache with the first step of a full prefill of
 * the same prompt. It wraps `InferenceSession.prototype.run`, the one method
 * every pass goes through, and reads only the `logits` output (kept on the
 * CPU by transformers.js); the model runs exactly as it would without it.
 */
import { InferenceSession, type Tensor } from 'onnxruntime-web/webgpu';
import { GPU_COUNTS_CHANNEL, type ForwardPass, type GpuTestAnswer, type GpuTestQuery } from './gpu-counts-protocol.js';

type Run = (this: unknown, feeds: Record<string, Tensor>, ...rest: unknown[]) => Promise<Record<string, Tensor>>;

/** The passes since the page last cleared the record. */
const passes: ForwardPass[] = [];

const prototype = (InferenceSession as unknown as { prototype: { run: Run } }).prototype;
const run = prototype.run;
prototype.run = async function (this: unknown, feeds, ...rest) {
  const outputs = await run.call(this, feeds, ...rest);
  const logits = outputs.logits;
  if (logits?.location === 'cpu') {
    const vocab = logits.dims.at(-1)!;
    const data = logits.data as Float32Array;
    passes.push({
      inputTokens: feeds.input_ids?.dims.at(-1) ?? 0,
      totalTokens: feeds.attention_mask?.dims.at(-1) ?? 0,
      logits: Array.from(data.subarray(data.length - vocab)),
    });
  }
  return outputs;
};

const channel = new BroadcastChannel(GPU_COUNTS_CHANNEL);
channel.addEventListener('message', (event: MessageEvent<GpuTestQuery | GpuTestAnswer>) => {
  const query = event.data;
  if (query.type === 'clear-passes') {
    passes.length = 0;
    channel.postMessage({ type: 'passes', id: query.id, passes: [] } satisfies GpuTestAnswer);
  } else if (query.type === 'pass-ending-at') {
    const pass = passes.find((candidate) => candidate.totalTokens === query.totalTokens);
    channel.postMessage({ type: 'passes', id: query.id, passes: pass ? [pass] : [] } satisfies GpuTestAnswer);
  }
});
