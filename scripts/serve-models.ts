/**
 * Serves model folders at the Hugging Face hub layout, for the demo, benchmarks and browser tests.
 *
 *   npx tsx scripts/serve-models.ts [--root models] [--port 8787] [--host 127.0.0.1]
 *
 * Control it from elsewhere through `/__hub/requests`, `/__hub/reset` and `/__hub/faults`.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createHubServer } from './hub-server/index.js';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: 'models' },
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`serve-models: bad --port ${values.port}`);
  process.exit(2);
}

const server = await createHubServer({ root: values.root, port, host: values.host });
if (!existsSync(server.root)) console.warn(`serve-models: ${server.root} does not exist yet; every repo is RepoNotFound`);
console.log(`Serving ${server.root} at ${server.url}  (e.g. ${server.fileUrl('qwen3-web/Qwen3-Tiny-ONNX', 'config.json')})`);

let closing = false;
function shutdown(signal: string): void {
  if (closing) return;
  closing = true;
  console.log(`serve-models: ${signal}, closing`);
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
