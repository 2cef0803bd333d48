/**
 * Makes a Qwen3 graph compute logits for the last position only. A graph
 * without `num_logits_to_keep` runs its 151,936-wide lm_head over every
 * position of a prompt and the engine keeps one: at Qwen3-0.6B's size that
 * is about a quarter of a prefill's arithmetic and 155 MB of fp32 logits per
 * 256-token chunk. Every reply, prefill chunk and diagnostic of this engine
 * reads only the last position's logits, so the head's input can be sliced
 * to it first: a `Slice` on the sequence axis between the final norm and the
 * nodes of the head. The weights are untouched.
 *
 * The head is found by its shape, not by names, so any export fits: walking
 * back from the `logits` output through the head's nodes (a MatMul, or
 * MatMulNBits, or quantize_dynamic's DynamicQuantizeLinear → MatMulInteger →
 * Cast → Mul chain) reaches exactly one normalization; its output, consumed
 * only by those nodes, is what gets sliced. Anything else — a graph that
 * already declares `num_logits_to_keep`, no such norm within a few nodes, the
 * norm's output used elsewhere — is left as it is.
 */
import { encodeNode, int64Constant, readNode, renameInput, type GraphNode, type GraphRewrite } from './graph-nodes.js';

/** Normalizations a decoder's final norm may be exported as. */
const NORM_OPS = new Set(['SkipSimplifiedLayerNormalization', 'SimplifiedLayerNormalization', 'RMSNormalization', 'SkipLayerNormalization', 'LayerNormalization']);
/** More nodes than this between the norm and `logits` is not an lm_head. */
const MAX_HEAD_NODES = 12;

/** The nodes that slice `hidden` `[batch, sequence, hidden]` to its last position, named `sliced`. */
function lastPositionSlice(hidden: string, sliced: string): Uint8Array[] {
  const prefix = '/qwen3_web/last_position';
  const starts = `${prefix}/starts`;
  const ends = `${prefix}/ends`;
  const axes = `${prefix}/axes`;
  const slice = encodeNode({ opType: 'Slice', name: `${prefix}/Slice`, inputs: [hidden, starts, ends, axes], outputs: [sliced] });
  return [int64Constant(starts, [-1n]), int64Constant(ends, [0x7fff_ffff_ffff_ffffn]), int64Constant(axes, [1n]), slice];
}

/**
 * The graph's nodes with the lm_head's input sliced to the last position:
 * the final norm followed by the slice's nodes, the head's nodes reading the
 * slice. Undefined when the graph should be left alone.
 */
export const sliceBeforeLmHead: GraphRewrite = { name: 'last-position-logits', apply: sliceNodes };

function sliceNodes(nodes: readonly GraphNode[]): GraphNode[] | undefined {
  if (nodes.some((node) => node.inputs.includes('num_logits_to_keep'))) return undefined;
  const producer = new Map<string, number>();
  nodes.forEach((node, i) => node.outputs.forEach((output) => producer.set(output, i)));
  const last = producer.get('logits');
  if (last === undefined) return undefined;
  // Walk back from `logits` to the one normalization that feeds the head.
  const head = new Set<number>();
  let norm: number | undefined;
  for (const stack = [last]; stack.length > 0; ) {
    const i = stack.pop()!;
    if (head.has(i) || i === norm) continue;
    const node = nodes[i]!;
    if (NORM_OPS.has(node.opType)) {
      if (norm !== undefined) return undefined;
      norm = i;
      continue;
    }
    head.add(i);
    if (head.size > MAX_HEAD_NODES) return undefined;
    for (const input of node.inputs) {
      const from = producer.get(input);
      if (from !== undefined) stack.push(from);
    }
  }
  if (norm === undefined) return undefined;
  const hidden = nodes[norm]!.outputs[0];
  if (!hidden) return undefined;
  const consumers = nodes.flatMap((node, i) => (node.inputs.includes(hidden) ? [i] : []));
  if (consumers.length === 0 || consumers.some((i) => !head.has(i))) return undefined;
  const sliced = `${hidden}/last_position`;
  return nodes.flatMap((node, i) => {
    if (i === norm) return [node, ...lastPositionSlice(hidden, sliced).map(readNode)];
    return [consumers.includes(i) ? readNode(renameInput(node, hidden, sliced)) : node];
  });
}
