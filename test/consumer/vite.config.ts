/**
 * The consumer app's Vite config: nothing about workers or WASM. `qwen3-web`
 * resolves to the built package (dist/, via package.json's exports), as it
 * would from node_modules.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: { alias: { 'qwen3-web': fileURLToPath(new URL('../../dist/index.js', import.meta.url)) } },
  // Its own dependency cache: sharing node_modules/.vite with the test
  // harness's dev server, running at the same time, would swap its bundles.
  cacheDir: fileURLToPath(new URL('../../node_modules/.vite-consumer', import.meta.url)),
  server: { headers: isolation },
  preview: { headers: isolation },
  build: { outDir: fileURLToPath(new URL('../../test-results/consumer-dist', import.meta.url)), emptyOutDir: true, target: 'es2022' },
});
