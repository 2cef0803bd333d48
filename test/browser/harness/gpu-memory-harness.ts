/**
 * A page whose client runs the SDK's worker with GPU buffer counting
 * installed (gpu-counting-worker.ts), for the GPU memory test. It drives a
 * conversation turn by turn and reads the worker's live GPU bytes between
 * turns.
 */
import { createQwen3Client, Qwen3Error, type ChatMessage, type ChatOptions, type FinishEvent, type LoadOptions } from '../../../src/index.js';
import { GPU_COUNTS_CHANNEL, type GpuBufferCounts, type GpuCountsAnswer, type GpuCountsQuery } from './gpu-counts-protocol.js';

const client = createQwen3Client({ worker: new URL('./gpu-counting-worker.ts', import.meta.url) });
const channel = new BroadcastChannel(GPU_COUNTS_CHANNEL);
let nextQuery = 1;

/** The worker's counts now. */
function counts(): Promise<GpuBufferCounts> {
  const id = nextQuery++;
  return new Promise((resolve) => {
    const onAnswer = (event: MessageEvent<GpuCountsQuery | GpuCountsAnswer>): void => {
      if (event.data.type !== 'counts' || event.data.id !== id) return;
      channel.removeEventListener('message', onAnswer);
      resolve(event.data.counts);
    };
    channel.addEventListener('message', onAnswer);
    const query: GpuCountsQuery = { type: 'query', id };
    channel.postMessage(query);
  });
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
  reply,
  settle,
  counts,
};

declare global {
  interface Window {
    gpuMemory: typeof gpuMemory;
  }
}
window.gpuMemory = gpuMemory;
document.getElementById('status')!.textContent = 'ready';
