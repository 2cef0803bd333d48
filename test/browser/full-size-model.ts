/**
 * The model of full-size.spec.ts: Qwen3-0.6B's exact width (hidden 1024, 16
 * heads, 8 KV heads, head_dim 128, intermediate 3072, the full 151,936-row
 * tied embedding) and its q4 builder-style export with two external-data
 * chunks (97 + 60 MB), but 4 of its 28 layers: 0.16 GB instead of 0.39 GB.
 * Every tensor shape, the data-file layout and the lm_head (the largest
 * tensor, 78 MB packed) are the real model's; only the depth is cut, because
 * the whole 0.6B took 2.5 minutes for this one test on the 2-core machine
 * (download, hashing, IndexedDB, session, a few tokens at ~1 token/s) and CI
 * is over its budget already. `npx tsx scripts/bench.ts --full-size`
 * measures the full depth. Generated on first use, deterministically (a
 * no-op afterwards: the generator's stamp matches).
 */
import { fileURLToPath } from 'node:url';
import { ensureBuilderModel, type BuilderModelInfo } from '../../scripts/tiny-model/builder/index.js';

/** Hub id of the model (the hub fixture serves `models/`). */
export const FULL_SIZE_MODEL = 'qwen3-web/Qwen3-0.6B-Width-4L-Random-Builder-ONNX';

/** Layers kept of Qwen3-0.6B's 28. */
export const FULL_SIZE_LAYERS = 4;

/** Generates the model when missing; resolves its files and sizes. */
export function ensureFullSizeModel(): Promise<BuilderModelInfo> {
  return ensureBuilderModel({
    preset: 'qwen3-0.6b',
    layers: FULL_SIZE_LAYERS,
    // The external-data path (two chunks) is what this test is for; q8 is one inline file.
    dtypes: ['q4'],
    outDir: fileURLToPath(new URL(`../../models/${FULL_SIZE_MODEL}`, import.meta.url)),
  });
}
