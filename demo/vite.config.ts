/**
 * The demo site: a user of the package. `qwen3-web` resolves to the sources
 * here so the demo always runs the code in this repository. `vite build`
 * writes a static site to demo/dist that works from any static host, under a
 * sub-path too (every URL is relative), and offline once visited (see pwa.ts).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { isolationHeaders } from '../vite.config.js';
import { pwaOptions } from './pwa.js';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  root: path('.'),
  base: './',
  publicDir: path('../public'),
  // Its own dependency cache, apart from the test harness's dev server.
  cacheDir: path('../node_modules/.vite-demo'),
  plugins: [react(), VitePWA(pwaOptions)],
  resolve: {
    alias: [
      { find: /^qwen3-web\/react$/, replacement: path('../src/react/index.ts') },
      { find: /^qwen3-web$/, replacement: path('../src/index.ts') },
    ],
  },
  optimizeDeps: { include: ['@huggingface/transformers', 'onnxruntime-web/webgpu', 'comlink', 'idb-keyval', 'react', 'react-dom', 'react-markdown'] },
  server: { headers: isolationHeaders, fs: { allow: ['..'] } },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
