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
import { concatBytes, lengthDelimited, readFields, stringField, varintField, type WireField } from './protobuf-wire.js';

/** NodeProto fields (onnx/onnx.proto). */
const NODE_INPUT = 1;
const NODE_OUTPUT = 2;
const NODE_NAME = 3;
const NODE_OP_TYPE = 4;
const NODE_ATTRIBUTE = 5;
/** AttributeProto fields and the TENSOR attribute type. */
const ATTRIBUTE_NAME = 1;
const ATTRIBUTE_TENSOR = 5;
const ATTRIBUTE_TYPE = 20;
const ATTRIBUTE_TYPE_TENSOR = 4;
/** TensorProto fields and the INT64 data type. */
const TENSOR_DIMS = 1;
const TENSOR_DATA_TYPE = 2;
const TENSOR_RAW_DATA = 9;
const DATA_TYPE_INT64 = 7;

/** Normalizations a decoder's final norm may be exported as. */
const NORM_OPS = new Set(['SkipSimplifiedLayerNormalization', 'SimplifiedLayerNormalization', 'RMSNormalization', 'SkipLayerNormalization', 'LayerNormalization']);
/** More nodes than this between the norm and `logits` is not an lm_head. */
const MAX_HEAD_NODES = 12;

/** What the rewrite reads of a node. */
export interface GraphNode {
  bytes: Uint8Array;
  inputs: string[];
  outputs: string[];
  opType: string;
}

const decoder = new TextDecoder();

/** Reads the fields of a NodeProto the rewrite needs. */
export function readNode(bytes: Uint8Array): GraphNode {
  const node: GraphNode = { bytes, inputs: [], outputs: [], opType: '' };
  for (const f of readFields(bytes)) {
    if (f.wireType !== 2) continue;
    const text = (): string => decoder.decode(bytes.subarray(f.valueStart, f.end));
    if (f.field === NODE_INPUT) node.inputs.push(text());
    else if (f.field === NODE_OUTPUT) node.outputs.push(text());
    else if (f.field === NODE_OP_TYPE) node.opType = text();
  }
  return node;
}

/** `node` with every input named `from` renamed `to`; its other fields byte for byte. */
function renameInput(node: GraphNode, from: string, to: string): Uint8Array {
  return concatBytes(
    readFields(node.bytes).map((f: WireField) =>
      f.field === NODE_INPUT && f.wireType === 2 && decoder.decode(node.bytes.subarray(f.valueStart, f.end)) === from
        ? stringField(NODE_INPUT, to)
        : node.bytes.subarray(f.start, f.end),
    ),
  );
}

/** A `Constant` node holding a one-element int64 tensor. */
function int64Constant(name: string, value: bigint): Uint8Array {
  const raw = new Uint8Array(BigInt64Array.of(value).buffer);
  const tensor = concatBytes([varintField(TENSOR_DIMS, 1), varintField(TENSOR_DATA_TYPE, DATA_TYPE_INT64), lengthDelimited(TENSOR_RAW_DATA, raw)]);
  const attribute = concatBytes([stringField(ATTRIBUTE_NAME, 'value'), lengthDelimited(ATTRIBUTE_TENSOR, tensor), varintField(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_TENSOR)]);
  return concatBytes([stringField(NODE_OUTPUT, name), stringField(NODE_NAME, name), stringField(NODE_OP_TYPE, 'Constant'), lengthDelimited(NODE_ATTRIBUTE, attribute)]);
}

/** The nodes that slice `hidden` `[batch, sequence, hidden]` to its last position, named `sliced`. */
function lastPositionSlice(hidden: string, sliced: string): Uint8Array[] {
  const prefix = '/qwen3_web/last_position';
  const starts = `${prefix}/starts`;
  const ends = `${prefix}/ends`;
  const axes = `${prefix}/axes`;
  const slice = concatBytes([
    ...[hidden, starts, ends, axes].map((input) => stringField(NODE_INPUT, input)),
    stringField(NODE_OUTPUT, sliced),
    stringField(NODE_NAME, `${prefix}/Slice`),
    stringField(NODE_OP_TYPE, 'Slice'),
  ]);
  return [int64Constant(starts, -1n), int64Constant(ends, 0x7fff_ffff_ffff_ffffn), int64Constant(axes, 1n), slice];
}

/**
 * The graph's nodes with the lm_head's input sliced to the last position:
 * for each node, what replaces it — itself (the same bytes), the head's nodes
 * re-encoded, the final norm followed by the slice's nodes. Undefined when
 * the graph should be left alone.
 */
export function sliceBeforeLmHead(nodes: readonly GraphNode[]): Uint8Array[][] | undefined {
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
  return nodes.map((node, i) => {
    if (i === norm) return [node.bytes, ...lastPositionSlice(hidden, sliced)];
    return [consumers.includes(i) ? renameInput(node, hidden, sliced) : node.bytes];
  });
}
