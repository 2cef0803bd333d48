/**
 * Starts the engine's worker. The `new Worker(new URL(…, import.meta.url))`
 * form is the one Vite, webpack 5, Rollup and Parcel all recognise, so an app
 * that installs the package gets the worker bundled without copying files.
 */

/** Creates the default module worker. */
export function spawnDefaultWorker(): Worker {
  return new Worker(new URL('../worker/entry.ts', import.meta.url), { type: 'module', name: 'qwen3-web' });
}

/**
 * Connects to the origin's shared engine worker, starting it if no tab has
 * (`createQwen3Client({ shared: true })`); `undefined` where the browser has
 * no `SharedWorker`.
 */
export function connectSharedWorker(): SharedWorker | undefined {
  if (typeof SharedWorker === 'undefined') return undefined;
  return new SharedWorker(new URL('../worker/shared-entry.ts', import.meta.url), { type: 'module', name: 'qwen3-web-shared' });
}
