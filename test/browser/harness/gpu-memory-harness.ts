/**
 * A page whose client runs the SDK's worker with GPU buffer counting and a
 * logits recorder installed (gpu-counting-worker.ts), for the GPU memory
 * test. It drives a conversation turn by turn and reads the worker's live
 * GPU bytes between turns, and the logits of a reply's first forward pass.
 */
import { createQwen3Client, Qwen3Error, type ChatMessage, type ChatOptions, type FinishEvent, type LoadOptions } from '../../../src/index.js';
import { GPU_COUNTS_CHANNEL, type ForwardPass, type GpuBufferCounts, type GpuTestAnswer, type GpuTestQuery } from './gpu-counts-protocol.js';

const client = createQwen3Client({ worker: new URL('./gpu-counting-worker.ts', import.meta.url) });
const channel = new BroadcastChannel(GPU_COUNTS_CHANNEL);
let nextQuery = 1;

/** Asks the worker over the test channel and waits for its answer. */
function ask(query: DistributiveOmit<GpuTestQuery, 'id'>): Promise<GpuTestAnswer> {
  const id = nextQuery++;
  return new Promise((resolve) => {
    const onAnswer = (event: MessageEvent<GpuTestQuery | GpuTestAnswer>): void => {
      const message = event.data;
      const isAnswer = message.type === 'counts' || message.type === 'passes';
      if (!isAnswer || message.id !== id) return;
      channel.removeEventListener('message', onAnswer);
      resolve(message);
    };
    channel.addEventListener('message', onAnswer);
    channel.postMessage({ ...query, id } satisfies GpuTestQuery);
  });
}

/** The worker's live GPU buffer counts now. */
async function counts(): Promise<GpuBufferCounts> {
  const answer = await ask({ type: 'query' });
  if (answer.type !== 'counts') throw new Error(`expected counts, got ${answer.type}`);
  return answer.counts;
}

/** Forgets the forward passes recorded so far. */
async function clearPasses(): Promise<void> {
  await ask({ type: 'clear-passes' });
}

/** The first forward pass since {@link clearPasses} that ended at `totalTokens`. */
async function passEndingAt(totalTokens: number): Promise<ForwardPass | undefined> {
  const answer = await ask({ type: 'pass-ending-at', totalTokens });
  if (answer.type !== 'passes') throw new Error(`expected passes, got ${answer.type}`);
  return answer.passes[0];
}

/** One reply streamed to its end; throws on error events or a missing finish. */
async function reply(messages: ChatMessage[], options: ChatOptions): Promise<FinishEvent> {
  let finish: FinishEvent | undefined;
  for await (const event of client.chat(messages, options)) {
    if (event.type === 'finish') finish = event;
  }
  if (!finish) throw new Error('the reply ended without a finish event');
  return finish;
}

/**
 * Waits until the engine is idle. After a reply the engine prefills the next
 * turn's history in its idle time, and a queued request starts only after
 * that work. The cheapest queued request is one the engine refuses before
 * touching the model: a conversation longer than the context
 * (CONTEXT_OVERFLOW, which leaves the KV cache in place).
 */
async function settle(): Promise<void> {
  const contextLength = client.loaded?.contextLength;
  if (contextLength === undefined) throw new Error('settle() needs a loaded model');
  try {
    for await (const _event of client.chat([{ role: 'user', content: ' a'.repeat(contextLength) }])) {
      // The refusal comes before any event.
    }
  } catch (error) {
    if (Qwen3Error.isInstance(error) && error.code === 'CONTEXT_OVERFLOW') return;
    throw error;
  }
  throw new Error('the over-long conversation was not refused');
}

const gpuMemory = {
  async load(options: Omit<LoadOptions, 'onProgress' | 'signal'>) {
    return client.load(options);
  },
  async unload() {
    await client.unload();
  },
  reply,
  settle,
  counts,
  clearPasses,
  passEndingAt,
};

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

declare global {
  interface Window {
    gpuMemory: typeof gpuMemory;
  }
}
window.gpuMemory = gpuMemory;
document.getElementById('status')!.textContent = 'ready';
