/**
 * `npm run bench`: measures the SDK against a bare transformers.js loop in
 * headless Chromium, on WASM and on WebGPU (SwiftShader), and writes
 * `bench/results.json` and `BENCHMARKS.md`. A benchmark reports; it never
 * asserts timings: the exit code is 0 unless a measurement crashed.
 *
 *   npx tsx scripts/bench.ts --quick                      # tiny model, WASM, one repeat
 *   npx tsx scripts/bench.ts --backends wasm,webgpu       # the full run
 *   npx tsx scripts/bench.ts --model-dir ~/models/onnx-community/Qwen3-0.6B-ONNX --dtype q4
 *   npx tsx scripts/bench.ts --host http://127.0.0.1:8787 --model onnx-community/Qwen3-0.6B-ONNX
 *   npx tsx scripts/bench.ts --full-size                  # random 0.6B-shaped model, WASM, short plan
 *   npx tsx scripts/bench.ts --full-size --dtype q8       # one dtype of it (the others' figures are kept)
 *
 * The tiny-model run and the full-size run each replace only their own part
 * of the results file; the report always renders both.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs, USAGE, type BenchArgs } from '../bench/runner/args.js';
import { launchBrowser } from '../bench/runner/browser.js';
import { benchFullSize, FULL_SIZE_DTYPES } from '../bench/runner/full-size-main.js';
import { mergeFullSize } from '../bench/runner/full-size-merge.js';
import { describeMachine, describePage, loadAverage } from '../bench/runner/machine.js';
import { planFor } from '../bench/runner/plan.js';
import { renderReport } from '../bench/runner/report.js';
import type { BenchResults } from '../bench/runner/results.js';
import { runModel, warmUpVite } from '../bench/runner/run-model.js';
import { REPO_ROOT, serveModels, startVite } from '../bench/runner/servers.js';

function log(line: string): void {
  console.log(line);
}

async function main(args: BenchArgs): Promise<BenchResults> {
  const started = Date.now();
  const results: BenchResults = { schema: 1, quick: args.quick, machine: describeMachine(loadAverage()), runs: [], errors: [], wallSeconds: 0 };
  const served = await serveModels(args.models, args.dtype);
  const vite = await startVite(args.port);
  const baseUrl = `http://127.0.0.1:${args.port}`;
  try {
    for (const backend of args.backends) {
      log(`== ${backend}`);
      const browser = await launchBrowser(backend);
      try {
        results.machine.chromium = browser.version();
        results.machine.page[backend] = await describePage(browser, baseUrl);
        await warmUpVite(browser, baseUrl);
        for (const model of served.models) {
          log(`-- ${model.label} on ${backend}`);
          const plan = planFor(backend, args.repeats, args.quick, args.only);
          results.runs.push(await runModel({ browser, baseUrl, backend, served: model, plan, log }));
        }
      } catch (error) {
        results.errors.push(`${backend}: ${error instanceof Error ? error.message : String(error)}`);
        log(`${backend} FAILED: ${String(error)}`);
      } finally {
        await browser.close();
      }
    }
  } finally {
    await vite.close();
    await served.close();
  }
  results.machine.loadAverageAfter = loadAverage();
  results.wallSeconds = (Date.now() - started) / 1000;
  return results;
}

async function write(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
  log(`wrote ${path}`);
}

let args: BenchArgs;
try {
  args = parseArgs(process.argv.slice(2));
} catch (error) {
  if (process.argv.includes('--help')) {
    console.log(USAGE);
    process.exit(0);
  }
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(2);
}

// A quick check never overwrites the full run's files.
const jsonPath = resolve(REPO_ROOT, args.quick ? 'bench/quick/results.json' : 'bench/results.json');
const reportPath = resolve(REPO_ROOT, args.quick ? 'bench/quick/BENCHMARKS.md' : 'BENCHMARKS.md');
/** Hand-written sections of the report (measured by hand), in file-name order. */
async function notes(): Promise<string[]> {
  const dir = resolve(REPO_ROOT, 'bench/notes');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.md')).sort();
  return Promise.all(names.map((name) => readFile(resolve(dir, name), 'utf8')));
}

if (args.reportOnly) {
  await write(reportPath, renderReport(JSON.parse(await readFile(jsonPath, 'utf8')) as BenchResults, await notes()));
  process.exit(0);
}
const previous = await readFile(jsonPath, 'utf8').then((text) => JSON.parse(text) as BenchResults, () => undefined);
let results: BenchResults;
let failures: number;
if (args.fullSize) {
  if (!previous) throw new Error(`--full-size adds to ${jsonPath}: run the tiny-model bench first`);
  const dtypes = args.dtype === 'auto' ? FULL_SIZE_DTYPES : (args.dtype.split(',') as typeof FULL_SIZE_DTYPES[number][]);
  for (const dtype of dtypes) if (!FULL_SIZE_DTYPES.includes(dtype)) throw new Error(`--full-size --dtype: "${dtype}" is not one of ${FULL_SIZE_DTYPES.join(', ')}`);
  const measured = await benchFullSize(args.backends, dtypes, args.threads, args.parts, args.port, log);
  const fullSize = mergeFullSize(previous.fullSize, measured, args.parts);
  results = { ...previous, fullSize };
  failures = measured.runs.reduce((sum, run) => sum + run.errors.length, 0) + measured.skipped.length;
  log(`done in ${fullSize.wallSeconds.toFixed(0)} s${failures > 0 ? `, ${failures} section(s) failed` : ''}`);
} else {
  results = await main(args);
  if (previous?.fullSize) results.fullSize = previous.fullSize;
  failures = results.errors.length + results.runs.reduce((sum, run) => sum + run.errors.length, 0);
  log(`done in ${results.wallSeconds.toFixed(0)} s${failures > 0 ? `, ${failures} section(s) failed` : ''}`);
}
await write(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
await write(reportPath, renderReport(results, await notes()));
process.exit(failures > 0 ? 1 : 0);
