/**
 * Generates the tiny Qwen3 test models (real tokenizer, random weights) laid out like
 * `onnx-community/Qwen3-0.6B-ONNX`: the standard-op graph (`models/qwen3-web/Qwen3-Tiny-ONNX`)
 * and the onnxruntime-genai builder-style graph in four dtypes
 * (`models/qwen3-web/Qwen3-Tiny-Builder-ONNX`, and in q8 and q4 without `num_logits_to_keep`,
 * `models/qwen3-web/Qwen3-Tiny-Builder-NoKeep-ONNX`), or, with `--shape qwen3-0.6b`, a random
 * model with Qwen3-0.6B's exact configuration in the builder style, q4 in two external data
 * chunks (`models/qwen3-web/Qwen3-0.6B-Random-Builder-ONNX`, ~0.4 GB).
 *
 *   npx tsx scripts/make-tiny-model.ts [--style both|standard|builder] [--shape tiny|qwen3-0.6b]
 *     [--out DIR] [--hidden 64] [--layers 2] [--heads 4] [--kv-heads 2] [--head-dim 32]
 *     [--intermediate 128] [--seed 1] [--external-data 0|1|2] [--dtypes fp32,fp16,q4,q4f16] [--force]
 *
 * `--style both` (the default) applies the shape flags to the standard model only and makes
 * the builder fixture with its defaults; `--style builder` applies them to the builder model
 * (`--external-data N` then puts every dtype in N chunks, `--dtypes` picks the files).
 * Without --force it does nothing when a folder's `.stamp.json` matches the parameters. Other scripts import
 * {@link ensureTinyModel} / {@link ensureBuilderModel} from here or from `./tiny-model/`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureTinyModel, type TinyModelOptions } from './tiny-model/index.js';
import { BUILDER_DTYPES, DEFAULT_BUILDER_NO_KEEP_DIR, ensureBuilderModel, type BuilderDtype, type BuilderModelOptions, type BuilderPreset } from './tiny-model/builder/index.js';

export { ensureTinyModel, DEFAULT_TINY_MODEL_DIR } from './tiny-model/index.js';
export type { TinyModelOptions, TinyModelInfo } from './tiny-model/index.js';
export { ensureBuilderModel, DEFAULT_BUILDER_MODEL_DIR, DEFAULT_QWEN3_06B_DIR } from './tiny-model/builder/index.js';
export type { BuilderModelOptions, BuilderModelInfo } from './tiny-model/builder/index.js';

const USAGE = `usage: npx tsx scripts/make-tiny-model.ts [--style both|standard|builder] [--shape tiny|qwen3-0.6b]
  [--out DIR] [--hidden 64] [--layers 2] [--heads 4] [--kv-heads 2] [--head-dim 32] [--intermediate 128]
  [--seed 1] [--external-data 0|1|2] [--dtypes fp32,fp16,q4,q4f16 (builder)] [--force]`;

/** Which generators a command line asks for. */
export type Style = 'both' | 'standard' | 'builder';

/** Parses the command line into {@link TinyModelOptions}; throws on unknown flags or non-integers. */
export function parseCliOptions(argv: string[]): TinyModelOptions & { help: boolean; style: Style; shape: BuilderPreset; dtypes?: BuilderDtype['name'][] } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      out: { type: 'string' },
      hidden: { type: 'string' },
      layers: { type: 'string' },
      heads: { type: 'string' },
      'kv-heads': { type: 'string' },
      'head-dim': { type: 'string' },
      intermediate: { type: 'string' },
      seed: { type: 'string' },
      'external-data': { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      style: { type: 'string' },
      shape: { type: 'string' },
      dtypes: { type: 'string' },
    },
  });
  const shape = (values.shape ?? 'tiny') as BuilderPreset;
  if (shape !== 'tiny' && shape !== 'qwen3-0.6b') throw new Error(`--shape expects tiny or qwen3-0.6b, got "${shape}"`);
  // A named full-size shape only exists in the builder style.
  const style = (values.style ?? (shape === 'tiny' ? 'both' : 'builder')) as Style;
  if (!['both', 'standard', 'builder'].includes(style)) throw new Error(`--style expects both, standard or builder, got "${style}"`);
  const int = (flag: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    if (!/^-?\d+$/.test(text)) throw new Error(`--${flag} expects an integer, got "${text}"`);
    return Number(text);
  };
  const options: TinyModelOptions = { force: values.force };
  // Only set what was given, so the library's defaults apply to the rest.
  const set = <K extends keyof TinyModelOptions>(key: K, value: TinyModelOptions[K] | undefined): void => {
    if (value !== undefined) options[key] = value;
  };
  set('outDir', values.out);
  set('hidden', int('hidden', values.hidden));
  set('layers', int('layers', values.layers));
  set('heads', int('heads', values.heads));
  set('kvHeads', int('kv-heads', values['kv-heads']));
  set('headDim', int('head-dim', values['head-dim']));
  set('intermediate', int('intermediate', values.intermediate));
  set('seed', int('seed', values.seed));
  set('externalData', int('external-data', values['external-data']));
  const dtypes = values.dtypes?.split(',').map((d) => d.trim()) as BuilderDtype['name'][] | undefined;
  for (const dtype of dtypes ?? []) if (!(dtype in BUILDER_DTYPES)) throw new Error(`--dtypes expects a list of ${Object.keys(BUILDER_DTYPES).join(', ')}, got "${dtype}"`);
  return { ...options, help: values.help, style, shape, ...(dtypes ? { dtypes } : {}) };
}

/** The builder-model options for `--style builder`: the shape flags override the preset. */
function builderOptions(options: TinyModelOptions, preset: BuilderPreset): BuilderModelOptions {
  const { externalData, ...rest } = options;
  const result: BuilderModelOptions = { ...rest, preset };
  if (externalData !== undefined) {
    result.externalData = Object.fromEntries(Object.keys(BUILDER_DTYPES).map((name) => [name, externalData]));
  }
  return result;
}

function report(label: string, info: { dir: string; generated: boolean; files: Record<string, number>; elapsedMs: number }): void {
  const megabytes = Object.values(info.files).reduce((a, b) => a + b, 0) / 1e6;
  const verb = info.generated ? 'generated' : 'up to date:';
  console.log(`${label} ${verb} ${info.dir} (${megabytes.toFixed(1)} MB, ${Math.round(info.elapsedMs)} ms)`);
  if (info.generated) {
    for (const [name, size] of Object.entries(info.files)) console.log(`  ${name.padEnd(30)} ${size.toLocaleString('en-US')} bytes`);
  }
}

async function main(): Promise<void> {
  const { help, style, shape, dtypes, ...options } = parseCliOptions(process.argv.slice(2));
  if (help) {
    console.log(USAGE);
    return;
  }
  if (style !== 'builder') report('tiny Qwen3', await ensureTinyModel(options));
  if (style === 'both') {
    report('tiny builder-style Qwen3', await ensureBuilderModel({ force: options.force ?? false }));
    const noKeep = { force: options.force ?? false, numLogitsToKeep: false, dtypes: ['q8', 'q4'] as BuilderDtype['name'][], outDir: DEFAULT_BUILDER_NO_KEEP_DIR };
    report('tiny builder-style Qwen3 without num_logits_to_keep', await ensureBuilderModel(noKeep));
  }
  if (style === 'builder') {
    report(`builder-style Qwen3 (${shape})`, await ensureBuilderModel({ ...builderOptions(options, shape), ...(dtypes ? { dtypes } : {}) }));
  }
}

// Run only as a script, not when another script imports ensureTinyModel from here.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    console.error(USAGE);
    process.exitCode = 1;
  });
}
