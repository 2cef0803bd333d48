/**
 * The demo as an installable, offline-capable web app. The service worker
 * precaches the app shell, the engine's worker bundle and onnxruntime-web's
 * WASM files; the model weights are never its business (the SDK keeps them in
 * IndexedDB). Every path is relative, so the site works under any sub-path.
 */
import type { VitePWAOptions } from 'vite-plugin-pwa';

/** onnxruntime-web's .wasm is about 27 MB; Workbox skips files over 2 MB by default. */
const MAX_PRECACHED_FILE_BYTES = 64 * 1024 * 1024;

/** vite-plugin-pwa's options for the demo. */
export const pwaOptions: Partial<VitePWAOptions> = {
  // A new version waits until the user accepts it (see update-banner.tsx).
  registerType: 'prompt',
  // The app registers the worker itself (src/lib/service-worker.ts).
  injectRegister: false,
  // The glob below already precaches public/ (icons included): no second list.
  includeManifestIcons: false,
  manifest: {
    name: 'Qwen3 in your browser — qwen3-web',
    short_name: 'Qwen3 Web',
    description: 'Chat with Qwen3 running entirely on your device: WebGPU or WASM, weights kept in the browser, works offline.',
    start_url: './',
    scope: './',
    display: 'standalone',
    background_color: '#f4f5f8',
    theme_color: '#5b55e6',
    icons: [
      { src: 'icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    // The plugin adds manifest.webmanifest itself.
    globPatterns: ['**/*.{html,js,mjs,css,wasm,svg,png}'],
    maximumFileSizeToCacheInBytes: MAX_PRECACHED_FILE_BYTES,
    // Any navigation inside the scope (query strings such as ?model= included) opens the app shell.
    navigateFallback: 'index.html',
    cleanupOutdatedCaches: true,
  },
};
