/**
 * The messages between the GPU memory test's page and its instrumented
 * worker (live GPU buffers, the logits of forward passes), on a
 * BroadcastChannel beside the engine's comlink messages. Types and a name
 * only: importing this has no side effects (the page must not install the
 * instruments itself, or its own empty records would answer).
 */

/** The worker's live GPU buffers, and how many were created and destroyed so far. */
export interface GpuBufferCounts {
  liveBytes: number;
  liveBuffers: number;
  created: number;
  destroyed: number;
}

/** One forward pass: how many new tokens it was fed, how many the sequence then held, and its last position's logits. */
export interface ForwardPass {
  inputTokens: number;
  totalTokens: number;
  logits: number[];
}

/**
 * A request from the page (`id` pairs it with the answer): the buffer
 * counts, forgetting the passes recorded so far, or the first pass since
 * whose sequence ended at `totalTokens` (the one that predicts the token
 * after a prompt of that length).
 */
export type GpuTestQuery = { type: 'query' | 'clear-passes'; id: number } | { type: 'pass-ending-at'; id: number; totalTokens: number };

/** The worker's answer. */
export type GpuTestAnswer =
  | { type: 'counts'; id: number; counts: GpuBufferCounts }
  | { type: 'passes'; id: number; passes: ForwardPass[] };

/** The channel's name. */
export const GPU_COUNTS_CHANNEL = 'qwen3-web-test:gpu-buffer-counts';
