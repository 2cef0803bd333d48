/**
 * A minimal ONNX graph builder on top of `onnx-proto`: enough to write a decoder
 * by hand without repeating protobuf boilerplate.
 */
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

// onnx-proto is CommonJS; its single export is the `onnx` namespace.
export const { onnx } = onnxProto;

/** ONNX element types used here. */
export const DataType = {
  FLOAT: onnx.TensorProto.DataType.FLOAT,
  FLOAT16: onnx.TensorProto.DataType.FLOAT16,
  INT32: onnx.TensorProto.DataType.INT32,
  INT64: onnx.TensorProto.DataType.INT64,
  UINT8: onnx.TensorProto.DataType.UINT8,
  INT8: onnx.TensorProto.DataType.INT8,
  BOOL: onnx.TensorProto.DataType.BOOL,
} as const;

/** A dimension: a fixed size or a symbolic name such as `batch_size`. */
export type Dim = number | string;

/**
 * An initializer before serialisation: raw little-endian bytes, so the file writer can
 * decide whether they go inline (`raw_data`) or into an external data file.
 */
export interface Initializer {
  name: string;
  dataType: number;
  dims: number[];
  bytes: Uint8Array;
}

/** Attribute helpers; each returns one `AttributeProto`. */
export const attr = {
  int: (name: string, i: number): Onnx.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i }),
  ints: (name: string, ints: number[]): Onnx.IAttributeProto => ({
    name,
    type: onnx.AttributeProto.AttributeType.INTS,
    ints,
  }),
  float: (name: string, f: number): Onnx.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f }),
};

/** The bytes of a typed array in little-endian order (ONNX `raw_data` is always little-endian). */
export function littleEndianBytes(array: Float32Array | BigInt64Array | Int32Array | Uint16Array | Uint8Array): Uint8Array {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  if (array.BYTES_PER_ELEMENT === 1 || new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) return bytes;
  // Big-endian host: reverse each element's bytes.
  const swapped = new Uint8Array(bytes.length);
  const width = array.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += width) {
    for (let j = 0; j < width; j++) swapped[i + j] = bytes[i + width - 1 - j]!;
  }
  return swapped;
}

/** `ValueInfoProto` for a graph input or output. */
export function tensorValueInfo(name: string, elemType: number, dims: Dim[]): Onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** Accumulates nodes and initializers; every node output gets a unique, readable name. */
export class GraphBuilder {
  readonly nodes: Onnx.INodeProto[] = [];
  readonly initializers: Initializer[] = [];
  private readonly usedNames = new Set<string>();

  /**
   * Adds one node and returns its output names.
   * @param name node name, e.g. `/model/layers.0/attn/q_proj/MatMul`; generated outputs are `${name}_output_${i}`.
   * @param outputs output names, or how many to generate.
   */
  node(
    opType: string,
    inputs: string[],
    name: string,
    attributes: Onnx.IAttributeProto[] = [],
    outputs: number | string[] = 1,
  ): string[] {
    const unique = this.uniqueName(name);
    const output =
      typeof outputs === 'number' ? Array.from({ length: outputs }, (_, i) => `${unique}_output_${i}`) : outputs;
    this.nodes.push({ opType, input: inputs, output, name: unique, attribute: attributes });
    return output;
  }

  /** Like {@link node} for the common single-output case; `output` names a graph output. */
  op(opType: string, inputs: string[], name: string, attributes: Onnx.IAttributeProto[] = [], output?: string): string {
    return this.node(opType, inputs, name, attributes, output === undefined ? 1 : [output])[0]!;
  }

  /** Adds a float32 initializer and returns its name. */
  float(name: string, data: Float32Array, dims: number[]): string {
    return this.addInitializer(name, DataType.FLOAT, dims, littleEndianBytes(data));
  }

  /** Adds an int64 initializer and returns its name. */
  int64(name: string, values: number[], dims: number[] = [values.length]): string {
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    return this.addInitializer(name, DataType.INT64, dims, littleEndianBytes(data));
  }

  private addInitializer(name: string, dataType: number, dims: number[], bytes: Uint8Array): string {
    const count = dims.reduce((a, b) => a * b, 1);
    const width = dataType === DataType.FLOAT ? 4 : dataType === DataType.INT64 ? 8 : 1;
    if (count * width !== bytes.length) throw new Error(`initializer ${name}: ${bytes.length} bytes for dims [${dims}]`);
    if (this.usedNames.has(name)) throw new Error(`duplicate name ${name}`);
    this.usedNames.add(name);
    this.initializers.push({ name, dataType, dims, bytes });
    return name;
  }

  private uniqueName(base: string): string {
    let name = base;
    for (let i = 1; this.usedNames.has(name); i++) name = `${base}_${i}`;
    this.usedNames.add(name);
    return name;
  }
}
