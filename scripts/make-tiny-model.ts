/**
 * Generates the tiny Qwen3 test model (real tokenizer, random weights) laid out like
 * `onnx-community/Qwen3-0.6B-ONNX`.
 *
 *   npx tsx scripts/make-tiny-model.ts [--out DIR] [--hidden 64] [--layers 2] [--heads 4]
 *     [--kv-heads 2] [--head-dim 32] [--intermediate 128] [--seed 1] [--external-data 0|1|2]
 *     [--force]
 *
 * Without --force it does nothing when the folder's `.stamp.json` matches the parameters.
 * Other scripts import {@link ensureTinyModel} from here (or from `./tiny-model/index.js`).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureTinyModel, type TinyModelOptions } from './tiny-model/index.js';

export { ensureTinyModel, DEFAULT_TINY_MODEL_DIR } from './tiny-model/index.js';
export type { TinyModelOptions, TinyModelInfo } from './tiny-model/index.js';

const USAGE = `usage: npx tsx scripts/make-tiny-model.ts [--out DIR] [--hidden 64] [--layers 2] [--heads 4]
  [--kv-heads 2] [--head-dim 32] [--intermediate 128] [--seed 1] [--external-data 0|1|2] [--force]`;

/** Parses the command line into {@link TinyModelOptions}; throws on unknown flags or non-integers. */
export function parseCliOptions(argv: string[]): TinyModelOptions & { help: boolean } {
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
    },
  });
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
  return { ...options, help: values.help };
}

async function main(): Promise<void> {
  const { help, ...options } = parseCliOptions(process.argv.slice(2));
  if (help) {
    console.log(USAGE);
    return;
  }
  const info = await ensureTinyModel(options);
  const megabytes = Object.values(info.files).reduce((a, b) => a + b, 0) / 1e6;
  const verb = info.generated ? 'generated' : 'up to date:';
  console.log(`tiny Qwen3 ${verb} ${info.dir} (${megabytes.toFixed(1)} MB, ${Math.round(info.elapsedMs)} ms)`);
  if (info.generated) {
    for (const [name, size] of Object.entries(info.files)) console.log(`  ${name.padEnd(24)} ${size.toLocaleString('en-US')} bytes`);
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
