/**
 * `npm run demo`: generates the tiny model when missing, serves it from a
 * local hub-layout server, and starts the demo's Vite dev server with
 * cross-origin isolation. The demo defaults to Qwen3-0.6B from the real hub
 * and offers the tiny local model when the hub cannot be reached.
 *
 * `npm run demo -- --preview` builds the demo instead (the installable,
 * offline-capable PWA: the dev server has no service worker) and serves the
 * build, to try the offline mode by hand.
 */
import { build, createServer, preview } from 'vite';
import { createHubServer } from './hub-server/index.js';
import { ensureTinyModel } from './tiny-model/index.js';

const CONFIG = 'demo/vite.config.ts';
const hubPort = Number(process.env.QWEN3_HUB_PORT ?? 8787);
const demoPort = Number(process.env.QWEN3_DEMO_PORT ?? 5173);
const asBuilt = process.argv.includes('--preview');

await ensureTinyModel();
const hub = await createHubServer({ root: 'models', port: hubPort });
// The demo offers the tiny model from this hub (Vite exposes VITE_* variables to the page).
process.env.VITE_LOCAL_HUB = hub.url;

let close: () => Promise<void>;
if (asBuilt) {
  await build({ configFile: CONFIG, logLevel: 'warn' });
  const server = await preview({ configFile: CONFIG, preview: { port: demoPort, host: '127.0.0.1' } });
  close = () => server.close();
} else {
  const server = await createServer({ configFile: CONFIG, server: { port: demoPort, host: '127.0.0.1' } });
  await server.listen();
  close = () => server.close();
}
console.log(`Local model hub: ${hub.url}`);
console.log(`Demo${asBuilt ? ' (built)' : ''}:     http://localhost:${demoPort}/  (tiny model: ?model=qwen3-web/Qwen3-Tiny-ONNX&host=${hub.url})`);

const stop = async (): Promise<void> => {
  await close();
  await hub.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
