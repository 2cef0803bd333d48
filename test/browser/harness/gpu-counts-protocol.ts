/**
 * The messages between the GPU memory test's page and its counting worker,
 * on a BroadcastChannel beside the engine's comlink messages. Types and a
 * name only: importing this has no side effects (the page must not install
 * the counters itself, or its own zero counts would answer).
 */

/** The worker's live GPU buffers, and how many were created and destroyed so far. */
export interface GpuBufferCounts {
  liveBytes: number;
  liveBuffers: number;
  created: number;
  destroyed: number;
}

/** A request from the page (`id` pairs it with the answer). */
export interface GpuCountsQuery {
  type: 'query';
  id: number;
}

/** The worker's answer. */
export interface GpuCountsAnswer {
  type: 'counts';
  id: number;
  counts: GpuBufferCounts;
}

/** The channel's name. */
export const GPU_COUNTS_CHANNEL = 'qwen3-web-test:gpu-buffer-counts';
