/**
 * Replaces each `GroupQueryAttention` node with the same attention written in
 * standard ops (`Concat`, `MatMul`, `Softmax`, …), for onnxruntime-web's WASM
 * build. Its GroupQueryAttention kernel runs at about 1.5 G operations/s on
 * one thread, against ~90 for its GEMM: measured at Qwen3-0.6B's shape, it
 * takes 84 % of a 1,024-token prefill (BENCHMARKS.md, "Where the time goes").
 * Written as two batched matrix products, the same attention runs on the GEMM.
 *
 * What it computes is GroupQueryAttention's function for what these graphs
 * feed it (onnxruntime docs/ContribOperators.md): `present = concat(past,
 * new)` on the sequence axis; query head h reads KV head h / (num_heads /
 * kv_num_heads); query i of a row sits at position seqlens_k + 1 − S + i and
 * attends to the keys at or before it; scores are scaled by `scale` and
 * softmaxed in float32. The query heads of one KV head are stacked into the
 * rows of one product (`[B, kv, G·S, D] × [B, kv, D, T]`), so KV heads are
 * never copied G times.
 *
 * Anything this does not cover is left to the kernel: rotary inside the node
 * (`do_rotary`), softcap, a local window, smooth softmax, packed QKV, extra
 * inputs (position ids, attention bias, sinks), no explicit `scale`. The new
 * nodes are float32: the engine asks for this rewrite only on WASM with
 * float32 activations.
 */
import { encodeNode, float32Constant, int64Constant, readNode, type GraphNode, type GraphRewrite, type NodeAttribute } from './graph-nodes.js';

const MS_DOMAIN = 'com.microsoft';
/** Cast's `to` for int64. */
const INT64 = 7;
/** The lowest float32: a masked score that still keeps a fully masked row finite. */
const FLOAT32_LOWEST = -3.4028234663852886e38;
/** Attributes the rewrite understands, with the value it requires (undefined: any). */
const KNOWN_ATTRIBUTES: Record<string, number | undefined> = {
  num_heads: undefined,
  kv_num_heads: undefined,
  scale: undefined,
  do_rotary: 0,
  rotary_interleaved: undefined,
  softcap: 0,
  local_window_size: -1,
  smooth_softmax: 0,
  qk_output: 0,
};

/** A GroupQueryAttention node this rewrite can express, read. */
interface Attention {
  node: GraphNode;
  query: string;
  key: string;
  value: string;
  pastKey: string;
  pastValue: string;
  seqlensK: string;
  heads: number;
  kvHeads: number;
  scale: number;
}

function readAttention(node: GraphNode): Attention | undefined {
  if (node.opType !== 'GroupQueryAttention' || node.domain !== MS_DOMAIN) return undefined;
  for (const [name, value] of node.attributes) {
    if (!(name in KNOWN_ATTRIBUTES)) return undefined;
    const required = KNOWN_ATTRIBUTES[name];
    if (required !== undefined && value !== required) return undefined;
  }
  const [query, key, value, pastKey, pastValue, seqlensK, totalLength, ...extra] = node.inputs;
  if (!query || !key || !value || !pastKey || !pastValue || !seqlensK || !totalLength || extra.some(Boolean)) return undefined;
  const heads = node.attributes.get('num_heads') ?? 0;
  const kvHeads = node.attributes.get('kv_num_heads') ?? 0;
  const scale = node.attributes.get('scale') ?? 0;
  if (heads <= 0 || kvHeads <= 0 || heads % kvHeads !== 0 || scale === 0) return undefined;
  return { node, query, key, value, pastKey, pastValue, seqlensK, heads, kvHeads, scale };
}

/** Writes nodes, naming their outputs, each shared constant once. */
class NodeWriter {
  readonly nodes: GraphNode[] = [];
  private readonly constants = new Set<string>();
  private count = 0;

  constructor(private prefix: string) {}

  /** Later nodes are named under `prefix`. */
  within(prefix: string): void {
    this.prefix = prefix;
  }

  op(opType: string, inputs: string[], attributes?: Record<string, NodeAttribute>, options: { output?: string; domain?: string } = {}): string {
    const name = `${this.prefix}/${opType}_${this.count++}`;
    const output = options.output ?? `${name}/output_0`;
    this.nodes.push(readNode(encodeNode({ opType, name, inputs, outputs: [output], ...(attributes ? { attributes } : {}), ...(options.domain ? { domain: options.domain } : {}) })));
    return output;
  }

  /** An int64 constant (a scalar when `scalar`), written once per graph. */
  int64(values: number[], scalar = false): string {
    const name = `/qwen3_web/attention/int64_${scalar ? 'scalar_' : ''}${values.join('_')}`;
    return this.constant(name, () => int64Constant(name, values, scalar));
  }

  float32(value: number): string {
    const name = `/qwen3_web/attention/float32_${value}`;
    return this.constant(name, () => float32Constant(name, value));
  }

  private constant(name: string, encode: () => Uint8Array): string {
    if (!this.constants.has(name)) {
      this.constants.add(name);
      this.nodes.push(readNode(encode()));
    }
    return name;
  }
}

/**
 * The causal mask `[B, 1, G·S, T]` (0 where a query may look, the lowest
 * float where it may not) for `attention`'s rows, built from its seqlens_k,
 * its query's length S and its present key's length T.
 */
function writeMask(w: NodeWriter, attention: Attention, presentKey: string): string {
  const groups = attention.heads / attention.kvHeads;
  const lastIndex = w.op('Reshape', [w.op('Cast', [attention.seqlensK], { to: { int: INT64 } }), w.int64([-1, 1, 1, 1])]);
  const queryLength = w.op('Gather', [w.op('Shape', [attention.query]), w.int64([1], true)]);
  const totalLength = w.op('Gather', [w.op('Shape', [presentKey]), w.int64([2], true)]);
  const firstPosition = w.op('Sub', [w.op('Add', [lastIndex, w.int64([1], true)]), queryLength]);
  // Row g·S + s of a KV head holds query s of its head g.
  const rows = w.op('Tile', [w.op('Range', [w.int64([0], true), queryLength, w.int64([1], true)]), w.int64([groups])]);
  const positions = w.op('Add', [firstPosition, w.op('Reshape', [rows, w.int64([1, 1, -1, 1])])]);
  const keys = w.op('Range', [w.int64([0], true), totalLength, w.int64([1], true)]);
  const future = w.op('Greater', [keys, positions]);
  return w.op('Where', [future, w.float32(FLOAT32_LOWEST), w.float32(0)]);
}

/** The nodes computing `attention`'s outputs, under their names. */
function writeAttention(w: NodeWriter, attention: Attention, masks: Map<string, string>): void {
  const { node, heads, kvHeads } = attention;
  const groups = heads / kvHeads;
  const [output = '', presentKeyName = '', presentValueName = ''] = node.outputs;
  const withNewTokens = (past: string, current: string, name: string): string => {
    const perHead = w.op('Transpose', [w.op('Reshape', [current, w.int64([0, 0, kvHeads, -1])])], { perm: { ints: [0, 2, 1, 3] } });
    return w.op('Concat', [past, perHead], { axis: { int: 2 } }, name ? { output: name } : {});
  };
  const presentKey = withNewTokens(attention.pastKey, attention.key, presentKeyName);
  const presentValue = withNewTokens(attention.pastValue, attention.value, presentValueName);
  const maskKey = `${attention.seqlensK}\n${groups}`;
  let mask = masks.get(maskKey);
  if (!mask) masks.set(maskKey, (mask = writeMask(w, attention, presentKey)));
  const headDim = w.op('Gather', [w.op('Shape', [presentKey]), w.int64([3])]);
  const shapeWithHeadDim = (leading: number[]): string => w.op('Concat', [w.int64(leading), headDim], { axis: { int: 0 } });
  // [B, S, H·D] → [B, S, kv, G, D] → [B, kv, G, S, D] → [B, kv, G·S, D].
  const perGroup = w.op('Transpose', [w.op('Reshape', [attention.query, w.int64([0, 0, kvHeads, groups, -1])])], { perm: { ints: [0, 2, 3, 1, 4] } });
  const stacked = w.op('Reshape', [perGroup, shapeWithHeadDim([0, 0, -1])]);
  const scores = w.op('FusedMatMul', [stacked, presentKey], { alpha: { float: attention.scale }, transB: { int: 1 } }, { domain: MS_DOMAIN });
  const probabilities = w.op('Softmax', [w.op('Add', [scores, mask])], { axis: { int: 3 } });
  const context = w.op('MatMul', [probabilities, presentValue]);
  // [B, kv, G·S, D] → [B, H, S, D] → [B, S, H, D] → [B, S, H·D].
  const perHead = w.op('Transpose', [w.op('Reshape', [context, shapeWithHeadDim([0, heads, -1])])], { perm: { ints: [0, 2, 1, 3] } });
  w.op('Reshape', [perHead, w.int64([0, 0, -1])], undefined, output ? { output } : {});
}

/** Rewrites every GroupQueryAttention it can express. */
export const attentionAsMatMul: GraphRewrite = { name: 'attention-as-matmul', apply: rewriteAttention };

/** The graph with every GroupQueryAttention it can express rewritten; undefined when there is none. */
function rewriteAttention(nodes: readonly GraphNode[]): GraphNode[] | undefined {
  const w = new NodeWriter('/qwen3_web/attention');
  const masks = new Map<string, string>();
  let rewritten = 0;
  for (const node of nodes) {
    const attention = readAttention(node);
    if (!attention) {
      w.nodes.push(node);
      continue;
    }
    w.within(`${node.name || node.outputs[0]}/qwen3_web`);
    writeAttention(w, attention, masks);
    rewritten++;
  }
  return rewritten > 0 ? w.nodes : undefined;
}
