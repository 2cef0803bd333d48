/** Generates the tiny Qwen3s once before the browser tests (a no-op when they exist): the standard-op one and the builder-style one. */
import { ensureBuilderModel, ensureTinyModel } from '../../scripts/tiny-model/index.js';

export default async function globalSetup(): Promise<void> {
  await ensureTinyModel();
  await ensureBuilderModel();
}
