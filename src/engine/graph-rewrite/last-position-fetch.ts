/**
 * The fetch transformers.js reads model graphs through, with each `.onnx`
 * graph rewritten to compute the last position's logits only
 * (last-position-logits.ts). Weights files (`.onnx_data`), partial
 * responses and failures pass through as they are.
 */
import { rewriteGraphResponse } from './rewrite-graph-response.js';

type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

const GRAPH = /\.onnx(?:[?#].*)?$/;

/** `fetchFn` with graphs sliced before their lm_head. */
export function withLastPositionLogits(fetchFn: Fetch): Fetch {
  return async (input, init) => {
    const response = await fetchFn(input, init);
    if (response.status !== 200 || !GRAPH.test(String(input))) return response;
    return rewriteGraphResponse(response);
  };
}
