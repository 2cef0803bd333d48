/**
 * The bench's command line. Plain `process.argv` parsing: a handful of flags,
 * no dependency.
 */
import { availableParallelism } from 'node:os';
import type { Backend } from '../shared/figures.js';

/** A model given on the command line. */
export type ModelSpec =
  | { kind: 'tiny' }
  /** A folder laid out like an onnx-community repo; served with its parent's parent as the hub root. */
  | { kind: 'dir'; dir: string }
  /** A model on a hub-like server. */
  | { kind: 'url'; host: string; model: string };

/** What a bench run does. */
export interface BenchArgs {
  quick: boolean;
  backends: Backend[];
  models: ModelSpec[];
  /** dtype for models other than the tiny one (the tiny one declares fp32). */
  dtype: string;
  port: number;
  /** Repeats of each decode measurement (best and median reported); 0 = the backend's default. */
  repeats: number;
  /** Run only these groups (the cold load always runs); undefined = all. */
  only: Group[] | undefined;
  /** Measure nothing: render the report again from the results file. */
  reportOnly: boolean;
  /** Bench the random-weight model with Qwen3-0.6B's shape instead (bench/runner/full-size.ts). */
  fullSize: boolean;
  /** `--full-size`: WASM thread counts to measure decode at. */
  threads: number[];
  /** `--full-size`: what to measure (default all); a partial run keeps the other parts' earlier figures. */
  parts: FullSizePart[];
}

/** Parts of a `--full-size` run `--parts` can pick. */
export const FULL_SIZE_PARTS = ['plan', 'logits', 'ops', 'memory', 'history', 'prefix'] as const;

/** One part of a full-size run. */
export type FullSizePart = (typeof FULL_SIZE_PARTS)[number];

/** Groups of sections `--only` can pick. */
export const GROUPS = ['decode', 'conversation', 'streaming', 'warm', 'profile'] as const;

/** One group of sections. */
export type Group = (typeof GROUPS)[number];

/** Usage text for `--help` and bad flags. */
export const USAGE = `npx tsx scripts/bench.ts [options]     (npm run bench)

  --quick                 tiny model, WASM only, one repeat (writes bench/quick/)
  --backends wasm,webgpu  backends to run (default: both)
  --model-dir <folder>    also bench a model folder laid out like an onnx-community repo
                          (served from its parent's parent; repeatable)
  --host <url>            hub-like server for --model (e.g. http://127.0.0.1:8787)
  --model <id>            also bench this model from --host (repeatable)
  --no-tiny               skip the tiny model
  --dtype <dtype>         dtype for models other than the tiny one (default: auto)
  --repeats <n>           repeats of each decode measurement (default: 3 WASM, 2 WebGPU)
  --port <n>              port of the bench page's Vite server (default 5288)
  --only <groups>         only some of: ${GROUPS.join(',')} (the cold load always runs; for development)
  --report-only           measure nothing: render the report again from the results file
  --full-size             instead: the random-weight model with Qwen3-0.6B's exact shape (builder style,
                          q8, int8, q4, fp16 and fp32, 5.2 GB in all, generated on demand), a short plan,
                          WASM unless --backends says otherwise; --dtype q8,q4 picks the dtypes (default all), each
                          replacing only its own earlier figures in results.json and BENCHMARKS.md
  --threads 1,2           with --full-size: WASM thread counts to measure decode at (default 1 and
                          the machine's cores)
  --parts plan,logits,ops,memory,history,prefix
                          with --full-size: what to measure (default all): the plan (load, first token,
                          decode, warm load, threads), the copy without num_logits_to_keep (bare and SDK),
                          onnxruntime's per-op profile, the SDK's memory over a ~4,000-token prompt and
                          unload(), decode after 0/1k/2k/4k tokens of history, the first message after a
                          reload with a stored 2,000-token system prompt; the parts left out keep their
                          earlier figures`;

const BACKENDS: readonly Backend[] = ['wasm', 'webgpu'];

/** Parses `argv` (without node and script); throws with a message on bad input. */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = {
    quick: false,
    backends: [...BACKENDS],
    models: [],
    dtype: 'auto',
    port: 5288,
    repeats: 0,
    only: undefined,
    reportOnly: false,
    fullSize: false,
    threads: [...new Set([1, availableParallelism()])],
    parts: [...FULL_SIZE_PARTS],
  };
  let backendsGiven = false;
  let tiny = true;
  let host: string | undefined;
  const urlModels: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--quick':
        args.quick = true;
        break;
      case '--backends':
        backendsGiven = true;
        args.backends = value().split(',').map((name) => {
          if (!BACKENDS.includes(name as Backend)) throw new Error(`unknown backend "${name}" (wasm, webgpu)`);
          return name as Backend;
        });
        break;
      case '--model-dir':
        args.models.push({ kind: 'dir', dir: value() });
        break;
      case '--host':
        host = value();
        break;
      case '--model':
        urlModels.push(value());
        break;
      case '--report-only':
        args.reportOnly = true;
        break;
      case '--full-size':
        args.fullSize = true;
        break;
      case '--no-tiny':
        tiny = false;
        break;
      case '--dtype':
        args.dtype = value();
        break;
      case '--repeats':
        args.repeats = positiveInteger(flag, value());
        break;
      case '--parts':
        args.parts = value().split(',').map((name) => {
          if (!FULL_SIZE_PARTS.includes(name as FullSizePart)) throw new Error(`unknown part "${name}" (${FULL_SIZE_PARTS.join(', ')})`);
          return name as FullSizePart;
        });
        break;
      case '--only':
        args.only = value().split(',').map((name) => {
          if (!GROUPS.includes(name as Group)) throw new Error(`unknown group "${name}" (${GROUPS.join(', ')})`);
          return name as Group;
        });
        break;
      case '--threads':
        args.threads = value().split(',').map((text) => positiveInteger(flag, text));
        break;
      case '--port':
        args.port = positiveInteger(flag, value());
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  if (urlModels.length > 0 && !host) throw new Error('--model needs --host');
  for (const model of urlModels) args.models.push({ kind: 'url', host: host!, model });
  if (args.quick) {
    args.backends = ['wasm'];
    args.models = [];
    args.repeats = args.repeats || 1;
    tiny = true;
  }
  if (args.fullSize) {
    if (args.quick || args.models.length > 0) throw new Error('--full-size takes no --quick, --model-dir or --model');
    // WebGPU on SwiftShader would need hours at this size (see BENCHMARKS.md): only when asked.
    if (!backendsGiven) args.backends = ['wasm'];
    return args;
  }
  if (tiny) args.models.unshift({ kind: 'tiny' });
  if (args.models.length === 0) throw new Error('nothing to bench: --no-tiny without --model-dir or --model');
  return args;
}

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} needs a positive integer, got "${text}"`);
  return value;
}
