/**
 * Drives `--full-size`: generates (or finds) the 0.6B-shaped model and its
 * copy without `num_logits_to_keep`, serves both from one hub-layout server,
 * and runs the full-size plan on each backend asked for.
 */
import { fileURLToPath } from 'node:url';
import { ensureBuilderModel } from '../../scripts/tiny-model/builder/index.js';
import type { Backend } from '../shared/figures.js';
import { launchBrowser } from './browser.js';
import { FULL_SIZE_PLAN, runFullSize } from './full-size.js';
import type { FullSizeResults } from './full-size-results.js';
import { describeMachine, describePage, loadAverage } from './machine.js';
import { warmUpVite } from './run-model.js';
import { serveModels, startVite } from './servers.js';

/** The copy without `num_logits_to_keep`: same seed, same weights, the lm_head over every position. */
export const WITHOUT_KEEP_DIR = fileURLToPath(new URL('../../models/qwen3-web/Qwen3-0.6B-Random-Builder-NoKeep-ONNX', import.meta.url));

/** Runs the full-size bench on `backends`. */
export async function benchFullSize(backends: readonly Backend[], port: number, log: (line: string) => void): Promise<FullSizeResults> {
  const started = Date.now();
  const machine = describeMachine(loadAverage());
  const model = await ensureBuilderModel({ preset: 'qwen3-0.6b' });
  const copy = await ensureBuilderModel({ preset: 'qwen3-0.6b', numLogitsToKeep: false, outDir: WITHOUT_KEEP_DIR });
  log(`model ${model.dir} (${model.generated ? 'generated' : 'up to date'}); copy without num_logits_to_keep ${copy.generated ? 'generated' : 'up to date'}`);
  const served = await serveModels([{ kind: 'dir', dir: model.dir }, { kind: 'dir', dir: copy.dir }], 'q4');
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
        results.runs.push(await runFullSize({ browser, baseUrl, backend, served: main, withoutKeep, files: model.files, plan: FULL_SIZE_PLAN, log }));
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
