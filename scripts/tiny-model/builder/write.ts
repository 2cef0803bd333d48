/**
 * Writes a builder-style Qwen3 folder laid out like `onnx-community/Qwen3-0.6B-ONNX`:
 * `config.json`, `generation_config.json`, the real tokenizer files and
 * `onnx/model{,_fp16,_q4,_q4f16}.onnx`, some with external data
 * (`X.onnx_data`, `X.onnx_data_1`, …).
 *
 * Initializers are produced one at a time and written straight to their data file, so
 * peak memory is about the largest single tensor (the 0.6B shape's packed lm_head,
 * 78 MB), not the model.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeConfigJson, makeGenerationConfigJson, type TinyModelShape } from '../config.js';
import { onnx } from '../onnx-builder.js';
import { EXTERNAL_ALIGNMENT, EXTERNAL_SIZE_THRESHOLD, externalDataFileName } from '../serialize.js';
import { qwen3TokenizerFiles } from '../tokenizer-files.js';
import type { onnx as Onnx } from 'onnx-proto';
import { BUILDER_DTYPES, buildBuilderGraph, makeBuilderModelProto, type BuilderDtype, type BuilderGraph } from './graph.js';
import type { QuantizedMatrix } from './weights.js';

/** Everything that determines a builder-style folder's bytes. */
export interface BuilderModelParams {
  shape: TinyModelShape;
  seed: number;
  /** Which dtype files to write. */
  dtypes: BuilderDtype['name'][];
  /** External data chunks per dtype (absent or 0: weights inside the `.onnx`). */
  externalData: Partial<Record<BuilderDtype['name'], number>>;
  /** Declare the `num_logits_to_keep` input. */
  numLogitsToKeep: boolean;
  /** `MatMulNBits` accuracy_level (0: unset). */
  accuracyLevel: number;
  /** Rows of the rotary caches. */
  ropePositions: number;
}

/**
 * `config.json` for the folder. `"transformers.js_config"` takes the per-file form the
 * onnx-community repositories use: transformers.js 4.3.1 (`resolveExternalDataFormat`)
 * looks the model file name up in `use_external_data_format` and fetches that many chunks
 * named by `getExternalDataChunkNames` (`X.onnx_data`, `X.onnx_data_1`, …). It reads the
 * cache dtype from the graph's inputs (4.2+), so `kv_cache_dtype` is only for older readers.
 * No `dtype`: the repository ships several and the caller chooses.
 */
export function makeBuilderConfigJson(params: BuilderModelParams): Record<string, unknown> {
  const external: Record<string, number> = {};
  for (const name of params.dtypes) {
    const chunks = params.externalData[name] ?? 0;
    if (chunks > 0) external[BUILDER_DTYPES[name].file] = chunks;
  }
  const transformersJsConfig: Record<string, unknown> = { kv_cache_dtype: { q4f16: 'float16', fp16: 'float16' } };
  if (Object.keys(external).length > 0) transformersJsConfig['use_external_data_format'] = external;
  return { ...makeConfigJson(params.shape), 'transformers.js_config': transformersJsConfig };
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}

/**
 * Serialises `graph` to `onnxDir/file`, with the large initializers spread over `chunks`
 * data files in graph order (each file gets about an equal share and none stays empty).
 * Returns the names written. Files appear under their final names only when complete.
 */
function writeGraph(graph: BuilderGraph, onnxDir: string, file: string, chunks: number): string[] {
  const suffix = `.tmp-${process.pid}`;
  const large = chunks > 0 ? graph.initializers.filter((i) => i.byteLength >= EXTERNAL_SIZE_THRESHOLD) : [];
  if (chunks > 0 && large.length < chunks) throw new Error(`builder model: ${chunks} data files requested but only ${large.length} large tensors`);
  const total = large.reduce((sum, i) => sum + i.byteLength, 0);
  const dataNames = Array.from({ length: chunks }, (_, i) => externalDataFileName(i, file));
  const fds = dataNames.map((name) => openSync(join(onnxDir, name + suffix), 'w'));
  const sizes = dataNames.map(() => 0);
  const tensors: Onnx.ITensorProto[] = [];
  let chunk = 0;
  let placed = 0;
  let largeIndex = 0;
  try {
    for (const init of graph.initializers) {
      const base = { name: init.name, dataType: init.dataType, dims: init.dims };
      if (chunks === 0 || init.byteLength < EXTERNAL_SIZE_THRESHOLD) {
        tensors.push({ ...base, rawData: init.produce() });
        continue;
      }
      const remainingAfter = large.length - largeIndex - 1;
      const hasShare = placed >= (total * (chunk + 1)) / chunks;
      if (sizes[chunk]! > 0 && chunk < chunks - 1 && (hasShare || remainingAfter < chunks - chunk - 1)) chunk++;
      const padding = (EXTERNAL_ALIGNMENT - (sizes[chunk]! % EXTERNAL_ALIGNMENT)) % EXTERNAL_ALIGNMENT;
      if (padding > 0) writeAll(fds[chunk]!, new Uint8Array(padding));
      const offset = sizes[chunk]! + padding;
      writeAll(fds[chunk]!, init.produce());
      sizes[chunk] = offset + init.byteLength;
      placed += init.byteLength;
      largeIndex++;
      tensors.push({
        ...base,
        dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
        externalData: [
          { key: 'location', value: dataNames[chunk]! },
          { key: 'offset', value: String(offset) },
          { key: 'length', value: String(init.byteLength) },
        ],
      });
    }
  } finally {
    for (const fd of fds) closeSync(fd);
  }
  const model = onnx.ModelProto.encode(onnx.ModelProto.fromObject(makeBuilderModelProto(graph, tensors))).finish();
  const modelFd = openSync(join(onnxDir, file + suffix), 'w');
  try {
    writeAll(modelFd, model);
  } finally {
    closeSync(modelFd);
  }
  return [file, ...dataNames];
}

/**
 * Generates the folder in `dir` (created if needed), replacing earlier model files.
 * Returns the size of each file, keyed by its path relative to `dir`.
 */
export async function writeBuilderModel(dir: string, params: BuilderModelParams): Promise<Record<string, number>> {
  const onnxDir = join(dir, 'onnx');
  await mkdir(onnxDir, { recursive: true });
  // Stale dtype files and chunks go; another generator's in-flight temporaries stay.
  for (const name of await readdir(onnxDir)) {
    if (name.startsWith('model') && !/\.tmp-\d+$/.test(name)) await rm(join(onnxDir, name), { force: true });
  }

  // Tiny shapes draw each weight once for all dtypes; the 0.6B shape streams without a cache.
  const parameterCount = params.shape.layers * params.shape.hidden * (4 * params.shape.heads * params.shape.headDim + 3 * params.shape.intermediate);
  const memo = parameterCount < 50_000_000 ? new Map<string, QuantizedMatrix>() : undefined;
  const written: string[] = [];
  for (const name of params.dtypes) {
    const dtype = BUILDER_DTYPES[name];
    const graph = buildBuilderGraph(params.shape, params.seed, dtype, params, memo);
    let names: string[];
    try {
      names = writeGraph(graph, onnxDir, dtype.file, params.externalData[name] ?? 0);
    } catch (error) {
      for (const file of await readdir(onnxDir)) if (file.endsWith(`.tmp-${process.pid}`)) await rm(join(onnxDir, file), { force: true });
      throw error;
    }
    // Data files first, so a complete `.onnx` never points at missing data.
    for (const file of [...names.slice(1), names[0]!]) await rename(join(onnxDir, `${file}.tmp-${process.pid}`), join(onnxDir, file));
    written.push(...names.map((file) => `onnx/${file}`));
  }

  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  const configs: Record<string, string> = {
    'config.json': json(makeBuilderConfigJson(params)),
    'generation_config.json': json(makeGenerationConfigJson()),
  };
  for (const [name, text] of Object.entries(configs)) {
    await writeFile(join(dir, `${name}.tmp-${process.pid}`), text);
    await rename(join(dir, `${name}.tmp-${process.pid}`), join(dir, name));
  }
  for (const [name, source] of Object.entries(qwen3TokenizerFiles())) {
    await copyFile(source, join(dir, `${name}.tmp-${process.pid}`));
    await rename(join(dir, `${name}.tmp-${process.pid}`), join(dir, name));
  }

  const sizes: Record<string, number> = {};
  for (const name of [...written, ...Object.keys(configs), ...Object.keys(qwen3TokenizerFiles())].sort()) {
    sizes[name] = (await stat(join(dir, name))).size;
  }
  return sizes;
}
