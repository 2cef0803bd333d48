/**
 * Two jobs: `vite build` builds the library into dist/ (the core entry, the
 * worker, onnxruntime-web's WASM files next to it); `vite` serves the repo
 * for the browser tests' harness pages, cross-origin isolated.
 */
import { defineConfig, type Plugin } from 'vite';

/** COOP + COEP make the page cross-origin isolated, so WASM can use threads. */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Dependencies the package leaves to the app's bundler. */
const external = [/^@huggingface\/transformers/, /^onnxruntime-web\/webgpu$/, /^comlink/, /^idb-keyval/, /^react/, /^react-dom/, /^react-markdown/, /^@cfworker\/json-schema/, /^@mlc-ai\/web-xgrammar/, /^ai$/, /^@ai-sdk\//];

/**
 * Vite's library build writes the worker URL as
 * `new URL(new URL("assets/entry.js", import.meta.url).href, "" + import.meta.url)`,
 * which the app's bundler no longer recognises as a worker. Written back as the
 * plain `new Worker(new URL("./assets/entry.js", import.meta.url))`, the app's
 * Vite or webpack bundles the worker itself, with its imports and WASM assets.
 */
function plainWorkerUrl(): Plugin {
  const wrapped = /new URL\(\s*(?:\/\* @vite-ignore \*\/\s*)?new URL\("([^"]+)", import\.meta\.url\)\.href,\s*"" \+ import\.meta\.url\s*\)/g;
  return {
    name: 'qwen3-web:plain-worker-url',
    apply: 'build',
    renderChunk(code) {
      const plain = code.replace(wrapped, 'new URL("./$1", import.meta.url)');
      return plain === code ? null : plain;
    },
  };
}

export default defineConfig(({ command }) => ({
  // Relative base: asset URLs in the built JS become new URL('…', import.meta.url).
  base: command === 'build' ? './' : '/',
  // public/ holds the demo's PWA icons (demo/vite.config.ts uses it); the library ships none of them.
  publicDir: false,
  plugins: [plainWorkerUrl()],
  server: {
    headers: isolationHeaders,
    fs: { strict: true },
    // The browser tests' server: no file watching and no live reload. The
    // suite itself writes files (builds, screenshots) that would otherwise
    // reload pages in the middle of a test.
    ...(process.env.QWEN3_TEST_SERVER ? { hmr: false, watch: null } : {}),
  },
  preview: { headers: isolationHeaders },
  // Scan only the test harness pages: the demo and the consumer app are
  // separate sites with their own configs.
  optimizeDeps: {
    entries: ['test/browser/harness/*.html'],
    // Everything the harness pages import, JSX runtimes included: the test
    // server has no live reload, so a dependency discovered late (which makes
    // Vite re-bundle and reload) would break the page that found it.
    include: [
      '@huggingface/transformers',
      // Imported by transformers.js and by the engine (start-runtime.ts): one shared copy.
      'onnxruntime-web/webgpu',
      'comlink',
      'idb-keyval',
      'hash-wasm',
      // Imported by the worker (tool-schema.ts): found late, it would re-bundle and crash the first worker.
      '@cfworker/json-schema',
      // Imported by the worker on its first JSON request (json-grammar.ts); a UMD file, which Vite must convert.
      '@mlc-ai/web-xgrammar',
      'react',
      'react-dom',
      'react-dom/client',
      'react/jsx-runtime',
      'react/jsx-dev-runtime',
      'react-markdown',
      // The AI SDK harness page (ai-sdk.html).
      'ai',
      '@ai-sdk/react',
    ],
  },
  worker: {
    format: 'es',
    // Same asset names as the library build, so the WASM files exist once in dist/.
    rolldownOptions: { external, output: { assetFileNames: 'assets/[name][extname]', entryFileNames: 'assets/[name].js' } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    lib: {
      entry: { index: 'src/index.ts', react: 'src/react/index.ts', ai: 'src/ai/index.ts', worker: 'src/worker/entry.ts' },
      formats: ['es'],
    },
    rolldownOptions: {
      external,
      output: { assetFileNames: 'assets/[name][extname]' },
    },
  },
}));
