/**
 * The demo site: a user of the package. `qwen3-web` resolves to the sources
 * here so the demo always runs the code in this repository.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { isolationHeaders } from '../vite.config.js';

const src = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^qwen3-web\/react$/, replacement: src('react/index.ts') },
      { find: /^qwen3-web$/, replacement: src('index.ts') },
    ],
  },
  optimizeDeps: { include: ['@huggingface/transformers', 'comlink', 'idb-keyval', 'react', 'react-dom', 'react-markdown'] },
  server: { headers: isolationHeaders, fs: { allow: ['..'] } },
  preview: { headers: isolationHeaders },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
