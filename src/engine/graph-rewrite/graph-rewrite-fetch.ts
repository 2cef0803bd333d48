/**
 * The fetch transformers.js reads model graphs through, with each `.onnx`
 * graph rewritten as it streams (rewrite-graph-response.ts). Weights files
 * (`.onnx_data`), partial responses and failures pass through as they are.
 */
import type { KvCacheDtype } from '../../registry/types.js';
import type { GraphRewriteName } from '../../types.js';
import type { Fetch } from '../start-runtime.js';
import { attentionOverKvBuffer } from './attention-as-matmul.js';
import type { GraphRewrite } from './graph-nodes.js';
import { sliceBeforeLmHead } from './last-position-logits.js';
import { rewriteGraphResponse } from './rewrite-graph-response.js';

const GRAPH = /\.onnx(?:[?#].*)?$/;

/**
 * The rewrites a graph gets on `device` when its activations (and KV cache)
 * are `activations`: the lm_head sliced to the last position everywhere, and
 * on WASM with float32 activations, attention on the GEMM instead of the
 * GroupQueryAttention kernel (a 1,000-token prompt's first token about 3×
 * sooner at 0.6B's shape; BENCHMARKS.md) over a KV cache the engine grows in
 * place (engine/kv-in-place/: decode after a long history without copying
 * the cache to new memory at every step).
 */
export function graphRewritesFor(device: 'webgpu' | 'wasm', activations: KvCacheDtype): GraphRewrite[] {
  return device === 'wasm' && activations === 'float32' ? [attentionOverKvBuffer, sliceBeforeLmHead] : [sliceBeforeLmHead];
}

/**
 * `fetchFn` with graphs rewritten by what `rewrites()` returns when the graph
 * is fetched; the names of those that changed a graph are added to `applied`.
 */
export function withGraphRewrites(fetchFn: Fetch, rewrites: () => readonly GraphRewrite[], applied: Set<GraphRewriteName>): Fetch {
  return async (input, init) => {
    const response = await fetchFn(input, init);
    if (response.status !== 200 || !GRAPH.test(String(input))) return response;
    return rewriteGraphResponse(response, rewrites(), (names) => names.forEach((name) => applied.add(name)));
  };
}
