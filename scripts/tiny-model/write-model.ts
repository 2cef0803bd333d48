/**
 * Writes a tiny Qwen3 folder laid out like `onnx-community/Qwen3-0.6B-ONNX`:
 * `config.json`, `generation_config.json`, `tokenizer.json`, `tokenizer_config.json`,
 * `onnx/model.onnx` and, with external data, `onnx/model.onnx_data[_N]`.
 */
import { copyFile, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { makeConfigJson, makeGenerationConfigJson, type TinyModelShape } from './config.js';
import { buildQwen3Graph } from './graph.js';
import { serializeModel } from './serialize.js';
import { qwen3TokenizerFiles } from './tokenizer-files.js';
import { makeTinyWeights } from './weights.js';

/** Everything that determines the generated files. */
export interface TinyModelParams {
  shape: TinyModelShape;
  /** Seed of the weight PRNG. */
  seed: number;
  /** 0: weights inside `model.onnx`; N > 0: weights in N external data files. */
  externalData: number;
}

/**
 * Writes `pieces` to `path` through a temporary file and a rename, so a reader (or a
 * second generator running at the same time) never sees a half-written file.
 */
async function writeAtomically(path: string, pieces: Uint8Array[]): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  const handle = await open(temporary, 'w');
  try {
    for (const piece of pieces) await handle.write(piece);
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

const json = (value: unknown): Uint8Array => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

/**
 * Generates the model folder in `dir` (created if needed), replacing earlier model
 * files including stale external data chunks. Returns the size of each written file,
 * keyed by its path relative to `dir` (forward slashes).
 */
export async function writeTinyModel(dir: string, params: TinyModelParams): Promise<Record<string, number>> {
  const weights = makeTinyWeights(params.shape, params.seed);
  const { model, dataFiles } = serializeModel(buildQwen3Graph(weights), params.externalData);

  const onnxDir = join(dir, 'onnx');
  await mkdir(onnxDir, { recursive: true });
  // A previous run with more chunks would leave files that transformers.js never asks for.
  for (const name of await readdir(onnxDir)) {
    if (name.startsWith('model.onnx')) await rm(join(onnxDir, name), { force: true });
  }

  const files: Record<string, Uint8Array[]> = {
    'config.json': [json(makeConfigJson(params.shape, params.externalData))],
    'generation_config.json': [json(makeGenerationConfigJson())],
    'onnx/model.onnx': [model],
  };
  for (const file of dataFiles) files[`onnx/${file.name}`] = file.pieces;
  for (const [name, pieces] of Object.entries(files)) await writeAtomically(join(dir, name), pieces);
  for (const [name, source] of Object.entries(qwen3TokenizerFiles())) {
    const target = join(dir, name);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(source, `${target}.tmp-${process.pid}`);
    await rename(`${target}.tmp-${process.pid}`, target);
  }

  const sizes: Record<string, number> = {};
  for (const name of [...Object.keys(files), ...Object.keys(qwen3TokenizerFiles())].sort()) {
    sizes[name] = (await stat(join(dir, name))).size;
  }
  return sizes;
}
