/**
 * The servers a bench run needs: Vite for the bench page (the repo as root,
 * cross-origin isolated like the tests' harness), and one hub-layout model
 * server per models folder.
 */
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import { connectHubControl, createHubServer, type HubServer, type RequestRecord } from '../../scripts/hub-server/index.js';
import { ensureTinyModel } from '../../scripts/tiny-model/index.js';
import { isolationHeaders } from '../../vite.config.js';
import type { ModelSpec } from './args.js';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Path of the bench page under the Vite server. */
export const BENCH_PAGE = '/bench/pages/index.html';

/** A model ready to be loaded: its id, the hub URL that serves it, and a label. */
export interface ServedModel {
  label: string;
  model: string;
  host: string;
  source: ModelSpec['kind'];
  /** The model server's request log: ours, or a hub server's control API; undefined when the host has none. */
  log: RequestLog | undefined;
  /** dtype to ask the SDK for (`auto` lets it choose). */
  dtype: string;
}

/** A model server's request log, in-process or over the hub server's `/__hub/` control API. */
export interface RequestLog {
  reset(): Promise<void>;
  /** The requests for `model` since the last reset. */
  requestsFor(model: string): Promise<RequestRecord[]>;
}

function ownLog(hub: HubServer): RequestLog {
  return {
    reset: async () => hub.reset(),
    requestsFor: async (model) => hub.requests().filter((record) => record.repo === model),
  };
}

/** The control API of a hub server in another process (scripts/serve-models.ts), if `host` is one. */
async function remoteLog(host: string): Promise<RequestLog | undefined> {
  const control = connectHubControl(host);
  try {
    await control.requests();
  } catch {
    return undefined;
  }
  return {
    reset: () => control.reset(),
    requestsFor: async (model) => (await control.requests()).filter((record) => record.repo === model),
  };
}

/**
 * Starts Vite on `port` (127.0.0.1 is a secure context, which WebGPU needs).
 * Its own dependency cache, so it never re-optimizes under the tests' server.
 */
export async function startVite(port: number, moreEntries: readonly string[] = []): Promise<ViteDevServer> {
  const server = await createServer({
    configFile: false,
    root: REPO_ROOT,
    cacheDir: resolve(REPO_ROOT, 'node_modules/.vite-bench'),
    logLevel: 'warn',
    clearScreen: false,
    // No file watching and no HMR: other people edit src/ while the bench
    // runs, and a reload would destroy the page in the middle of a measurement.
    server: { port, strictPort: true, host: '127.0.0.1', headers: isolationHeaders, fs: { strict: true }, hmr: false, watch: null },
    // Everything the page and its workers import, optimized up front (the
    // entries are scanned for the rest): a dependency discovered mid-run
    // would make Vite re-optimize under a running page.
    optimizeDeps: {
      entries: ['bench/pages/**/*.ts', 'src/worker/entry.ts', ...moreEntries],
      include: ['@huggingface/transformers', 'onnxruntime-web/webgpu', 'comlink', 'idb-keyval'],
    },
  });
  await server.listen();
  return server;
}

/** Generates the tiny model when missing, starts hub servers, and resolves each spec to a served model. */
export async function serveModels(specs: readonly ModelSpec[], dtype: string): Promise<{ models: ServedModel[]; close(): Promise<void> }> {
  const hubs = new Map<string, HubServer>();
  const hubFor = async (root: string): Promise<HubServer> => {
    const existing = hubs.get(root);
    if (existing) return existing;
    const hub = await createHubServer({ root });
    hubs.set(root, hub);
    return hub;
  };
  const models: ServedModel[] = [];
  for (const spec of specs) {
    if (spec.kind === 'url') {
      const host = spec.host.replace(/\/+$/, '');
      models.push({ label: spec.model, model: spec.model, host, source: 'url', log: await remoteLog(host), dtype });
      continue;
    }
    const dir = spec.kind === 'tiny' ? (await ensureTinyModel()).dir : resolve(spec.dir);
    const model = `${basename(dirname(dir))}/${basename(dir)}`;
    const hub = await hubFor(dirname(dirname(dir)));
    models.push({ label: model, model, host: hub.url, source: spec.kind, log: ownLog(hub), dtype: spec.kind === 'tiny' ? 'auto' : dtype });
  }
  return {
    models,
    close: async () => {
      for (const hub of hubs.values()) await hub.close();
    },
  };
}
