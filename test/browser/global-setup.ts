/** Generates the tiny Qwen3 once before the browser tests (a no-op when it exists). */
import { ensureTinyModel } from '../../scripts/tiny-model/index.js';

export default async function globalSetup(): Promise<void> {
  await ensureTinyModel();
}
