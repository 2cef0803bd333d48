/**
 * The file names transformers.js requests for a dtype, following its own
 * rules (`DEFAULT_DTYPE_SUFFIX_MAPPING`, `resolveExternalDataFormat`,
 * `getExternalDataChunkNames` in 4.3.1), so a listing here matches the
 * requests a load makes.
 */
import type { ExternalDataFormat, ModelDtype, ModelInfo, WeightSize } from './types.js';

/** The suffix transformers.js appends to `model` for each dtype. */
export const DTYPE_FILE_SUFFIX: Readonly<Record<ModelDtype, string>> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/** Files every load fetches besides the weights. */
export const SHARED_MODEL_FILES: readonly string[] = [
  'config.json',
  'generation_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
];

/** The ONNX graph's file name for a dtype, e.g. `model_q4f16.onnx`. */
export function onnxFileName(dtype: ModelDtype): string {
  return `model${DTYPE_FILE_SUFFIX[dtype]}.onnx`;
}

/**
 * How many external-data chunks `fileName` has under a
 * `use_external_data_format` value: the file's own entry wins over the base
 * name `model`; `true` is one chunk.
 */
export function externalDataChunks(format: ExternalDataFormat, fileName: string): number {
  if (typeof format === 'object') {
    const entry = Object.hasOwn(format, fileName) ? format[fileName] : format['model'];
    return entry === undefined ? 0 : Number(entry);
  }
  return Number(format);
}

/** `model_q4f16.onnx`, 2 → `model_q4f16.onnx_data`, `model_q4f16.onnx_data_1`. */
export function externalDataFileNames(fileName: string, chunks: number): string[] {
  return Array.from({ length: chunks }, (_, index) => `${fileName}_data${index === 0 ? '' : `_${index}`}`);
}

/** The weight files of one dtype, as paths in the repository: the graph, then its data chunks. */
export function weightFiles(model: Pick<ModelInfo, 'externalData'>, dtype: ModelDtype): string[] {
  const graph = onnxFileName(dtype);
  const chunks = externalDataChunks(model.externalData, graph);
  return [graph, ...externalDataFileNames(graph, chunks)].map((name) => `onnx/${name}`);
}

/** Every file a load of `dtype` fetches: config, tokenizer and weights. */
export function modelFiles(model: Pick<ModelInfo, 'externalData'>, dtype: ModelDtype): string[] {
  return [...SHARED_MODEL_FILES, ...weightFiles(model, dtype)];
}

/**
 * `model` with the dtypes and sizes a file listing (the hub's API) shows:
 * a dtype ships when its graph and every external-data chunk are listed.
 * Lets `auto` choose among files that exist for an export the registry does
 * not know, instead of guessing at a name that would 404 mid-load.
 */
export function withListedFiles<T extends Pick<ModelInfo, 'externalData' | 'dtypes' | 'sizes'>>(
  model: T,
  listed: ReadonlyMap<string, { size: number }>,
): T {
  const dtypes: ModelDtype[] = [];
  const sizes: Partial<Record<ModelDtype, WeightSize>> = { ...model.sizes };
  for (const dtype of Object.keys(DTYPE_FILE_SUFFIX) as ModelDtype[]) {
    const files = weightFiles(model, dtype);
    if (!files.every((file) => listed.has(file))) continue;
    dtypes.push(dtype);
    sizes[dtype] = { bytes: files.reduce((sum, file) => sum + listed.get(file)!.size, 0), source: 'measured' };
  }
  return { ...model, dtypes, sizes };
}
