/**
 * Turns a {@link Qwen3Graph} into the bytes of `model.onnx` and, optionally, ONNX
 * external data files (`model.onnx_data`, `model.onnx_data_1`, …) as the
 * onnx-community repositories ship large models.
 */
import { makeModelProto, type Qwen3Graph } from './graph.js';
import { onnx, type Initializer } from './onnx-builder.js';
import type { onnx as Onnx } from 'onnx-proto';

/** Tensors smaller than this stay inline (shape constants, scalars), as `onnx.save(..., size_threshold=1024)` does. */
export const EXTERNAL_SIZE_THRESHOLD = 1024;
/** Tensor offsets inside a data file are multiples of this, so runtimes may memory-map them. */
export const EXTERNAL_ALIGNMENT = 4096;

/** One external data file: its name next to `model.onnx` and its contents in pieces (written in order). */
export interface ExternalDataFile {
  name: string;
  pieces: Uint8Array[];
  size: number;
}

/** The serialised model. */
export interface SerializedModel {
  model: Uint8Array;
  dataFiles: ExternalDataFile[];
}

/** The name transformers.js 4.3.1 fetches for chunk `index` of `model.onnx` (`getExternalDataChunkNames`). */
export function externalDataFileName(index: number, modelFile = 'model.onnx'): string {
  return `${modelFile}_data${index === 0 ? '' : `_${index}`}`;
}

function inlineTensor(init: Initializer): Onnx.ITensorProto {
  return { name: init.name, dataType: init.dataType, dims: init.dims, rawData: init.bytes };
}

/**
 * Splits the large initializers over `chunks` files of roughly equal share, in graph
 * order, keeping every file non-empty (transformers.js fetches all of them).
 */
function placeExternally(initializers: Initializer[], chunks: number): { tensors: Onnx.ITensorProto[]; dataFiles: ExternalDataFile[] } {
  const large = initializers.filter((i) => i.bytes.length >= EXTERNAL_SIZE_THRESHOLD);
  if (large.length < chunks) {
    throw new Error(`tiny model: ${chunks} external data files requested but only ${large.length} tensors are large enough`);
  }
  const total = large.reduce((sum, i) => sum + i.bytes.length, 0);
  const dataFiles: ExternalDataFile[] = Array.from({ length: chunks }, (_, i) => ({ name: externalDataFileName(i), pieces: [], size: 0 }));
  const external = new Map<Initializer, Onnx.ITensorProto>();
  let chunk = 0;
  let placed = 0;
  large.forEach((init, index) => {
    const remainingTensors = large.length - index;
    const remainingChunksAfter = chunks - chunk - 1;
    // Move on once this chunk has its share, or when later chunks would otherwise stay empty.
    const hasShare = placed >= (total * (chunk + 1)) / chunks;
    if (dataFiles[chunk]!.pieces.length > 0 && (hasShare || remainingTensors <= remainingChunksAfter)) chunk++;
    const file = dataFiles[chunk]!;
    const padding = (EXTERNAL_ALIGNMENT - (file.size % EXTERNAL_ALIGNMENT)) % EXTERNAL_ALIGNMENT;
    if (padding > 0) file.pieces.push(new Uint8Array(padding));
    const offset = file.size + padding;
    file.pieces.push(init.bytes);
    file.size = offset + init.bytes.length;
    placed += init.bytes.length;
    external.set(init, {
      name: init.name,
      dataType: init.dataType,
      dims: init.dims,
      dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
      externalData: [
        { key: 'location', value: file.name },
        { key: 'offset', value: String(offset) },
        { key: 'length', value: String(init.bytes.length) },
      ],
    });
  });
  const tensors = initializers.map((init) => external.get(init) ?? inlineTensor(init));
  return { tensors, dataFiles };
}

/**
 * Encodes `graph` with all weights inline (`externalDataChunks` 0) or spread over that
 * many external data files.
 */
export function serializeModel(graph: Qwen3Graph, externalDataChunks = 0): SerializedModel {
  const { tensors, dataFiles } =
    externalDataChunks > 0
      ? placeExternally(graph.initializers, externalDataChunks)
      : { tensors: graph.initializers.map(inlineTensor), dataFiles: [] };
  const proto = onnx.ModelProto.fromObject(makeModelProto(graph, tensors));
  return { model: onnx.ModelProto.encode(proto).finish(), dataFiles };
}
