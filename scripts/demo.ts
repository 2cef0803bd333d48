/**
 * `npm run demo`: generates the tiny model when missing, serves it from a
 * local hub-layout server, and starts the demo's Vite dev server with
 * cross-origin isolation. The demo defaults to Qwen3-0.6B from the real hub
 * and offers the tiny local model when the hub cannot be reached.
 */
import { createServer } from 'vite';
import { createHubServer } from './hub-server/index.js';
import { ensureTinyModel } from './tiny-model/index.js';

const hubPort = Number(process.env.QWEN3_HUB_PORT ?? 8787);
const demoPort = Number(process.env.QWEN3_DEMO_PORT ?? 5173);

await ensureTinyModel();
const hub = await createHubServer({ root: 'models', port: hubPort });
process.env.VITE_LOCAL_HUB = hub.url;
const vite = await createServer({ configFile: 'demo/vite.config.ts', server: { port: demoPort, host: '127.0.0.1' } });
await vite.listen();
console.log(`Local model hub: ${hub.url}`);
console.log(`Demo:            http://localhost:${demoPort}/  (tiny model: ?model=qwen3-web/Qwen3-Tiny-ONNX&host=${hub.url})`);

const stop = async (): Promise<void> => {
  await vite.close();
  await hub.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
