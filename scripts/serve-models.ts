/**
 * Serves model folders at the Hugging Face hub layout, for the demo, benchmarks and browser tests.
 *
 *   npx tsx scripts/serve-models.ts [--root models] [--port 8787] [--host 127.0.0.1]
 *                                   [--mode hub|direct] [--cdn-etag xet|sha256|md5] [--no-api]
 *
 * `hub` (the default) answers like huggingface.co: large files through a 302 to a CDN on a second
 * port, hashes and commits from `/api/`. `direct` serves every file itself.
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
    mode: { type: 'string', default: 'hub' },
    'cdn-etag': { type: 'string', default: 'xet' },
    'no-api': { type: 'boolean', default: false },
  },
});
const mode = values.mode;
const cdnEtag = values['cdn-etag'];
if (mode !== 'hub' && mode !== 'direct') {
  console.error(`serve-models: --mode must be hub or direct, not ${mode}`);
  process.exit(2);
}
if (cdnEtag !== 'xet' && cdnEtag !== 'sha256' && cdnEtag !== 'md5') {
  console.error(`serve-models: --cdn-etag must be xet, sha256 or md5, not ${cdnEtag}`);
  process.exit(2);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`serve-models: bad --port ${values.port}`);
  process.exit(2);
}

const server = await createHubServer({ root: values.root, port, host: values.host, mode, cdnEtag, api: !values['no-api'] });
if (!existsSync(server.root)) console.warn(`serve-models: ${server.root} does not exist yet; every repo is RepoNotFound`);
console.log(`Serving ${server.root} at ${server.url}  (e.g. ${server.fileUrl('qwen3-web/Qwen3-Tiny-ONNX', 'config.json')})`);
if (server.cdnUrl !== server.url) console.log(`Large files redirect to the CDN at ${server.cdnUrl}`);

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
