/**
 * Starts the engine's worker. The `new Worker(new URL(…, import.meta.url))`
 * form is the one Vite, webpack 5, Rollup and Parcel all recognise, so an app
 * that installs the package gets the worker bundled without copying files.
 */

/** Creates the default module worker. */
export function spawnDefaultWorker(): Worker {
  return new Worker(new URL('../worker/entry.ts', import.meta.url), { type: 'module', name: 'qwen3-web' });
}
