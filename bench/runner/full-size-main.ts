/**
 * Drives `--full-size`: generates (or finds) the 0.6B-shaped model in the
 * dtypes asked for and its copy without `num_logits_to_keep`, serves both
 * from one hub-layout server, and runs the full-size plan on each backend
 * and dtype.
 */
import { fileURLToPath } from 'node:url';
import { BUILDER_DTYPES, BUILDER_PRESETS, ensureBuilderModel, type BuilderDtype } from '../../scripts/tiny-model/builder/index.js';
import type { Backend } from '../shared/figures.js';
import type { FullSizePart } from './args.js';
import { launchBrowser } from './browser.js';
import { FULL_SIZE_PLAN, runFullSize } from './full-size.js';
import type { FullSizeResults } from './full-size-results.js';
import { describeMachine, describePage, loadAverage } from './machine.js';
import { warmUpVite } from './run-model.js';
import { serveModels, startVite } from './servers.js';

/** The copy without `num_logits_to_keep`: same seed, same weights, the lm_head over every position. */
export const WITHOUT_KEEP_DIR = fileURLToPath(new URL('../../models/qwen3-web/Qwen3-0.6B-Random-Builder-NoKeep-ONNX', import.meta.url));

/**
 * The copy's dtypes: the formats the logits part compares (generating every format twice
 * would write 5 GB more for a comparison the graph rewrite makes the same in all of them).
 */
const WITHOUT_KEEP_DTYPES: readonly BuilderDtype['name'][] = ['q8', 'q4'];

/** The dtypes `--full-size` measures unless told: the full-size preset's files. */
export const FULL_SIZE_DTYPES: readonly BuilderDtype['name'][] = BUILDER_PRESETS['qwen3-0.6b'].params.dtypes;

/** Runs the full-size bench on `backends` × `dtypes`. */
export async function benchFullSize(
  backends: readonly Backend[],
  dtypes: readonly BuilderDtype['name'][],
  threads: readonly number[],
  parts: readonly FullSizePart[],
  port: number,
  log: (line: string) => void,
): Promise<FullSizeResults> {
  const started = Date.now();
  const machine = describeMachine(loadAverage());
  const model = await ensureBuilderModel({ preset: 'qwen3-0.6b' });
  const copy = await ensureBuilderModel({ preset: 'qwen3-0.6b', numLogitsToKeep: false, dtypes: [...WITHOUT_KEEP_DTYPES], outDir: WITHOUT_KEEP_DIR });
  log(`model ${model.dir} (${model.generated ? 'generated' : 'up to date'}); copy without num_logits_to_keep ${copy.generated ? 'generated' : 'up to date'}`);
  const served = await serveModels([{ kind: 'dir', dir: model.dir }, { kind: 'dir', dir: copy.dir }], 'auto');
  const vite = await startVite(port);
  const baseUrl = `http://127.0.0.1:${port}`;
  const results: FullSizeResults = { machine, runs: [], skipped: [], wallSeconds: 0 };
  try {
    for (const backend of backends) {
      log(`== full size on ${backend}`);
      const browser = await launchBrowser(backend);
      try {
        machine.chromium = browser.version();
        machine.page[backend] = await describePage(browser, baseUrl);
        await warmUpVite(browser, baseUrl);
        const [main, withoutKeep] = served.models as [(typeof served.models)[0], (typeof served.models)[0]];
        for (const dtype of dtypes) {
          log(`-- ${dtype}`);
          const files = Object.fromEntries(Object.entries(model.files).filter(([file]) => !file.startsWith('onnx/') || file.startsWith(`onnx/${BUILDER_DTYPES[dtype].file}`)));
          results.runs.push(
            await runFullSize({
              browser,
              baseUrl,
              backend,
              served: { ...main, dtype },
              withoutKeep: { ...withoutKeep, dtype },
              files,
              plan: FULL_SIZE_PLAN,
              threads,
              parts: WITHOUT_KEEP_DTYPES.includes(dtype) ? parts : parts.filter((part) => part !== 'logits'),
              machine: { ...machine, page: { ...machine.page }, date: new Date().toISOString(), loadAverageBefore: loadAverage() },
              log,
            }),
          );
          results.runs.at(-1)!.machine!.loadAverageAfter = loadAverage();
        }
      } catch (error) {
        results.skipped.push({ backend, reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) });
      } finally {
        await browser.close();
      }
    }
  } finally {
    await vite.close();
    await served.close();
  }
  machine.loadAverageAfter = loadAverage();
  results.wallSeconds = (Date.now() - started) / 1000;
  return results;
}
