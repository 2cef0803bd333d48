/**
 * Reading and writing ONNX NodeProtos for the graph rewrites: the few fields
 * a rewrite looks at (op, domain, inputs, outputs, numeric attributes), and
 * new nodes — mostly `Constant`s and standard ops — encoded from a plain
 * description. Field numbers: onnx/onnx.proto.
 */
import type { GraphRewriteName, LoadedModel } from '../../types.js';
import { concatBytes, encodeVarint, lengthDelimited, readFields, stringField, varintField, type WireField } from './protobuf-wire.js';

/** NodeProto fields. */
const NODE_INPUT = 1;
const NODE_OUTPUT = 2;
const NODE_NAME = 3;
const NODE_OP_TYPE = 4;
const NODE_ATTRIBUTE = 5;
const NODE_DOMAIN = 7;
/** AttributeProto fields and types. */
const ATTRIBUTE_NAME = 1;
const ATTRIBUTE_F = 2;
const ATTRIBUTE_I = 3;
const ATTRIBUTE_T = 5;
const ATTRIBUTE_INTS = 8;
const ATTRIBUTE_TYPE = 20;
const ATTRIBUTE_TYPE_FLOAT = 1;
const ATTRIBUTE_TYPE_INT = 2;
const ATTRIBUTE_TYPE_TENSOR = 4;
const ATTRIBUTE_TYPE_INTS = 7;
/** TensorProto fields and data types. */
const TENSOR_DIMS = 1;
const TENSOR_DATA_TYPE = 2;
const TENSOR_RAW_DATA = 9;
export const DATA_TYPE_FLOAT = 1;
export const DATA_TYPE_INT64 = 7;

/** What the rewrites read of a node; `bytes` is the NodeProto itself. */
export interface GraphNode {
  bytes: Uint8Array;
  opType: string;
  domain: string;
  name: string;
  inputs: string[];
  outputs: string[];
  /** Its INT and FLOAT attributes by name. */
  attributes: Map<string, number>;
}

const decoder = new TextDecoder();

/** Reads the fields of a NodeProto the rewrites need. */
export function readNode(bytes: Uint8Array): GraphNode {
  const node: GraphNode = { bytes, opType: '', domain: '', name: '', inputs: [], outputs: [], attributes: new Map() };
  for (const f of readFields(bytes)) {
    if (f.wireType !== 2) continue;
    const value = bytes.subarray(f.valueStart, f.end);
    if (f.field === NODE_INPUT) node.inputs.push(decoder.decode(value));
    else if (f.field === NODE_OUTPUT) node.outputs.push(decoder.decode(value));
    else if (f.field === NODE_NAME) node.name = decoder.decode(value);
    else if (f.field === NODE_OP_TYPE) node.opType = decoder.decode(value);
    else if (f.field === NODE_DOMAIN) node.domain = decoder.decode(value);
    else if (f.field === NODE_ATTRIBUTE) readNumericAttribute(value, node.attributes);
  }
  return node;
}

/** Adds an INT or FLOAT attribute to `into`; other kinds are not needed. */
function readNumericAttribute(bytes: Uint8Array, into: Map<string, number>): void {
  let name = '';
  let value: number | undefined;
  for (const f of readFields(bytes)) {
    if (f.field === ATTRIBUTE_NAME && f.wireType === 2) name = decoder.decode(bytes.subarray(f.valueStart, f.end));
    else if (f.field === ATTRIBUTE_F && f.wireType === 5) value = new DataView(bytes.buffer, bytes.byteOffset + f.valueStart, 4).getFloat32(0, true);
    else if (f.field === ATTRIBUTE_I && f.wireType === 0) value = readInt64(bytes, f);
  }
  if (name && value !== undefined) into.set(name, value);
}

/** A varint field's value as a signed 64-bit integer (negative ints are ten-byte varints). */
function readInt64(bytes: Uint8Array, f: WireField): number {
  let value = 0n;
  for (let i = f.end - 1; i >= f.valueStart; i--) value = (value << 7n) | BigInt(bytes[i]! & 0x7f);
  return Number(BigInt.asIntN(64, value));
}

/** An attribute of a node being written. */
export type NodeAttribute = { int: number } | { float: number } | { ints: number[] };

/** A node to write. */
export interface NodeSpec {
  opType: string;
  domain?: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, NodeAttribute>;
}

/** `spec` as NodeProto bytes. */
export function encodeNode(spec: NodeSpec): Uint8Array {
  return concatBytes([
    ...spec.inputs.map((input) => stringField(NODE_INPUT, input)),
    ...spec.outputs.map((output) => stringField(NODE_OUTPUT, output)),
    stringField(NODE_NAME, spec.name),
    stringField(NODE_OP_TYPE, spec.opType),
    ...Object.entries(spec.attributes ?? {}).map(([name, attribute]) => lengthDelimited(NODE_ATTRIBUTE, encodeAttribute(name, attribute))),
    ...(spec.domain ? [stringField(NODE_DOMAIN, spec.domain)] : []),
  ]);
}

function encodeAttribute(name: string, attribute: NodeAttribute): Uint8Array {
  const named = stringField(ATTRIBUTE_NAME, name);
  if ('float' in attribute) {
    const value = new Uint8Array(4);
    new DataView(value.buffer).setFloat32(0, attribute.float, true);
    // A fixed32 field (wire type 5).
    return concatBytes([named, encodeVarint(ATTRIBUTE_F * 8 + 5), value, varintField(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_FLOAT)]);
  }
  if ('int' in attribute) return concatBytes([named, int64Field(ATTRIBUTE_I, attribute.int), varintField(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INT)]);
  return concatBytes([named, ...attribute.ints.map((value) => int64Field(ATTRIBUTE_INTS, value)), varintField(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INTS)]);
}

/** An int64 varint field; negative values take ten bytes, as protobuf writes them. */
function int64Field(field: number, value: number): Uint8Array {
  const out: number[] = [field * 8];
  let rest = BigInt.asUintN(64, BigInt(value));
  while (rest >= 0x80n) {
    out.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  out.push(Number(rest));
  return Uint8Array.from(out);
}

/** A `Constant` node named `name` holding a tensor; `dims` undefined makes a scalar. */
function constantNode(name: string, dataType: number, raw: Uint8Array, dims: number[] | undefined): Uint8Array {
  const tensor = concatBytes([...(dims ?? []).map((d) => varintField(TENSOR_DIMS, d)), varintField(TENSOR_DATA_TYPE, dataType), lengthDelimited(TENSOR_RAW_DATA, raw)]);
  const attribute = concatBytes([stringField(ATTRIBUTE_NAME, 'value'), lengthDelimited(ATTRIBUTE_T, tensor), varintField(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_TENSOR)]);
  return concatBytes([stringField(NODE_OUTPUT, name), stringField(NODE_NAME, name), stringField(NODE_OP_TYPE, 'Constant'), lengthDelimited(NODE_ATTRIBUTE, attribute)]);
}

/** A `Constant` holding int64 `values` as a 1-D tensor, or a scalar when `scalar` is set. */
export function int64Constant(name: string, values: readonly (number | bigint)[], scalar = false): Uint8Array {
  const raw = new Uint8Array(BigInt64Array.from(values, (v) => BigInt(v)).buffer);
  return constantNode(name, DATA_TYPE_INT64, raw, scalar ? undefined : [values.length]);
}

/** A `Constant` holding one float32 scalar. */
export function float32Constant(name: string, value: number): Uint8Array {
  return constantNode(name, DATA_TYPE_FLOAT, new Uint8Array(Float32Array.of(value).buffer), undefined);
}

/** `node` with every input named `from` renamed `to`; its other fields byte for byte. */
export function renameInput(node: GraphNode, from: string, to: string): Uint8Array {
  return concatBytes(
    readFields(node.bytes).map((f) =>
      f.field === NODE_INPUT && f.wireType === 2 && decoder.decode(node.bytes.subarray(f.valueStart, f.end)) === from
        ? stringField(NODE_INPUT, to)
        : node.bytes.subarray(f.start, f.end),
    ),
  );
}

/** A rewrite of a graph's node list. */
export interface GraphRewrite {
  /** What it is called in {@link LoadedModel.graphRewrites}. */
  name: GraphRewriteName;
  /** Other names it counts as (a rewrite that includes another's change). */
  implies?: readonly GraphRewriteName[];
  /** The new list (kept nodes as they were, new ones read back from their bytes), or undefined to leave it alone. */
  apply(nodes: readonly GraphNode[]): GraphNode[] | undefined;
}
