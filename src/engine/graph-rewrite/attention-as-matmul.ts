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
 * Two contracts: {@link attentionAsMatMul} keeps GroupQueryAttention's
 * (`present` is the whole cache); {@link attentionOverKvBuffer}, which the
 * engine runs, returns only the new positions and reads the past from a
 * buffer the engine grows in place (engine/kv-in-place/).
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
/** Slice's "to the end" (it clamps; exact in a double, unlike 2⁶³ − 1). */
const SLICE_TO_END = 2 ** 62;
/** A position past any query's: a buffer slot at or past P is never attended to. */
const NEVER_VISIBLE = 2 ** 52;
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
 * The causal mask `[B, 1, G·S, K]` (0 where a query may look, the lowest
 * float where it may not) for `attention`'s rows over `keyCount` keys whose
 * positions are `keyPositions` (`[K]` or `[B, 1, 1, K]`).
 */
function writeMask(w: NodeWriter, attention: Attention, keyPositions: string): string {
  const groups = attention.heads / attention.kvHeads;
  const { firstPosition, queryLength } = queryStart(w, attention);
  // Row g·S + s of a KV head holds query s of its head g.
  const rows = w.op('Tile', [w.op('Range', [w.int64([0], true), queryLength, w.int64([1], true)]), w.int64([groups])]);
  const positions = w.op('Add', [firstPosition, w.op('Reshape', [rows, w.int64([1, 1, -1, 1])])]);
  const future = w.op('Greater', [keyPositions, positions]);
  return w.op('Where', [future, w.float32(FLOAT32_LOWEST), w.float32(0)]);
}

/** The position of the chunk's first query (`[B, 1, 1, 1]`: seqlens_k + 1 − S) and the chunk's length S (a scalar). */
function queryStart(w: NodeWriter, attention: Attention): { firstPosition: string; queryLength: string } {
  const lastIndex = w.op('Reshape', [w.op('Cast', [attention.seqlensK], { to: { int: INT64 } }), w.int64([-1, 1, 1, 1])]);
  const queryLength = w.op('Gather', [w.op('Shape', [attention.query]), w.int64([1], true)]);
  return { firstPosition: w.op('Sub', [w.op('Add', [lastIndex, w.int64([1], true)]), queryLength]), queryLength };
}

/** `[B, S, kv·D]` as `[B, kv, S, D]`. */
function perKvHead(w: NodeWriter, attention: Attention, projected: string, name: string): string {
  const reshaped = w.op('Reshape', [projected, w.int64([0, 0, attention.kvHeads, -1])]);
  return w.op('Transpose', [reshaped], { perm: { ints: [0, 2, 1, 3] } }, name ? { output: name } : {});
}

/** The query heads of each KV head stacked: `[B, S, H·D]` → `[B, kv, G·S, D]`. */
function stackedQuery(w: NodeWriter, attention: Attention, headDim: string): string {
  const groups = attention.heads / attention.kvHeads;
  // [B, S, H·D] → [B, S, kv, G, D] → [B, kv, G, S, D] → [B, kv, G·S, D].
  const perGroup = w.op('Transpose', [w.op('Reshape', [attention.query, w.int64([0, 0, attention.kvHeads, groups, -1])])], { perm: { ints: [0, 2, 3, 1, 4] } });
  return w.op('Reshape', [perGroup, w.op('Concat', [w.int64([0, 0, -1]), headDim], { axis: { int: 0 } })]);
}

/** `context` (`[B, kv, G·S, D]`) as the node's output `[B, S, H·D]`. */
function writeOutput(w: NodeWriter, attention: Attention, context: string, headDim: string): void {
  const output = attention.node.outputs[0] ?? '';
  // [B, kv, G·S, D] → [B, H, S, D] → [B, S, H, D] → [B, S, H·D].
  const heads = w.op('Reshape', [context, w.op('Concat', [w.int64([0, attention.heads, -1]), headDim], { axis: { int: 0 } })]);
  const perHead = w.op('Transpose', [heads], { perm: { ints: [0, 2, 1, 3] } });
  w.op('Reshape', [perHead, w.int64([0, 0, -1])], undefined, output ? { output } : {});
}

const scaledScores = (w: NodeWriter, attention: Attention, query: string, keys: string): string =>
  w.op('FusedMatMul', [query, keys], { alpha: { float: attention.scale }, transB: { int: 1 } }, { domain: MS_DOMAIN });

/** GroupQueryAttention's own contract: `present = concat(past, new)`, attention over it. */
function writeAttention(w: NodeWriter, attention: Attention, masks: Map<string, string>): void {
  const [, presentKeyName = '', presentValueName = ''] = attention.node.outputs;
  const withNewTokens = (past: string, current: string, name: string): string =>
    w.op('Concat', [past, perKvHead(w, attention, current, '')], { axis: { int: 2 } }, name ? { output: name } : {});
  const presentKey = withNewTokens(attention.pastKey, attention.key, presentKeyName);
  const presentValue = withNewTokens(attention.pastValue, attention.value, presentValueName);
  const maskKey = `${attention.seqlensK}\n${attention.heads / attention.kvHeads}`;
  let mask = masks.get(maskKey);
  if (!mask) {
    const totalLength = w.op('Gather', [w.op('Shape', [presentKey]), w.int64([2], true)]);
    masks.set(maskKey, (mask = writeMask(w, attention, w.op('Range', [w.int64([0], true), totalLength, w.int64([1], true)]))));
  }
  const headDim = w.op('Gather', [w.op('Shape', [presentKey]), w.int64([3])]);
  const scores = scaledScores(w, attention, stackedQuery(w, attention, headDim), presentKey);
  const probabilities = w.op('Softmax', [w.op('Add', [scores, mask])], { axis: { int: 3 } });
  writeOutput(w, attention, w.op('MatMul', [probabilities, presentValue]), headDim);
}

/**
 * The in-place KV contract (engine/kv-in-place/): the past inputs are
 * buffers of some capacity C ≥ P, of which the first P positions hold the
 * past (P = seqlens_k + 1 − S); the present outputs are the S new
 * positions only, for the engine to write into its buffer. Nothing of the
 * size of the cache is copied or allocated in the graph: the queries are
 * scored against the buffer and the new keys separately, one softmax runs
 * over both, and the two value products are added.
 */
function writeAttentionOverKvBuffer(w: NodeWriter, attention: Attention, masks: Map<string, string>): void {
  const [, newKeyName = '', newValueName = ''] = attention.node.outputs;
  const newKey = perKvHead(w, attention, attention.key, newKeyName);
  const newValue = perKvHead(w, attention, attention.value, newValueName);
  const capacityScalar = w.op('Gather', [w.op('Shape', [attention.pastKey]), w.int64([2], true)]);
  const capacity = w.op('Reshape', [capacityScalar, w.int64([1])]);
  const maskKey = `${attention.seqlensK}\n${attention.heads / attention.kvHeads}\nbuffer`;
  let mask = masks.get(maskKey);
  if (!mask) masks.set(maskKey, (mask = writeMask(w, attention, bufferKeyPositions(w, attention, capacityScalar))));
  const headDim = w.op('Gather', [w.op('Shape', [newKey]), w.int64([3])]);
  const query = stackedQuery(w, attention, headDim);
  const scores = w.op('Concat', [scaledScores(w, attention, query, attention.pastKey), scaledScores(w, attention, query, newKey)], { axis: { int: 3 } });
  const probabilities = w.op('Softmax', [w.op('Add', [scores, mask])], { axis: { int: 3 } });
  const overPast = w.op('Slice', [probabilities, w.int64([0]), capacity, w.int64([3])]);
  const overNew = w.op('Slice', [probabilities, capacity, w.int64([SLICE_TO_END]), w.int64([3])]);
  const context = w.op('Add', [w.op('MatMul', [overPast, attention.pastValue]), w.op('MatMul', [overNew, newValue])]);
  writeOutput(w, attention, context, headDim);
}

/**
 * The positions of the keys `[buffer (C), new (S)]` as `[B, 1, 1, C + S]`:
 * buffer slot j is position j below P and never visible from P on (stale or
 * empty slots); new key k is position P + k.
 */
function bufferKeyPositions(w: NodeWriter, attention: Attention, capacityScalar: string): string {
  const { firstPosition, queryLength } = queryStart(w, attention);
  const keys = w.op('Range', [w.int64([0], true), w.op('Add', [capacityScalar, queryLength]), w.int64([1], true)]);
  const pastPositions = w.op('Where', [w.op('Less', [keys, firstPosition]), keys, w.int64([NEVER_VISIBLE], true)]);
  const newPositions = w.op('Add', [w.op('Sub', [keys, capacityScalar]), firstPosition]);
  return w.op('Where', [w.op('Less', [keys, capacityScalar]), pastPositions, newPositions]);
}

/** Rewrites every GroupQueryAttention it can express, keeping its contract (`present = concat(past, new)`). */
export const attentionAsMatMul: GraphRewrite = { name: 'attention-as-matmul', apply: (nodes) => rewriteAttention(nodes, writeAttention) };

/**
 * Rewrites every GroupQueryAttention it can express to the in-place KV
 * contract ({@link writeAttentionOverKvBuffer}); a session of such a graph
 * must run through engine/kv-in-place/ (`runWithKvInPlace`).
 */
export const attentionOverKvBuffer: GraphRewrite = { name: 'kv-cache-in-place', implies: ['attention-as-matmul'], apply: (nodes) => rewriteAttention(nodes, writeAttentionOverKvBuffer) };

type AttentionWriter = (w: NodeWriter, attention: Attention, masks: Map<string, string>) => void;

/** The graph with every GroupQueryAttention it can express rewritten by `write`; undefined when there is none. */
function rewriteAttention(nodes: readonly GraphNode[], write: AttentionWriter): GraphNode[] | undefined {
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
    write(w, attention, masks);
    rewritten++;
  }
  return rewritten > 0 ? w.nodes : undefined;
}
