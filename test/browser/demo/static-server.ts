/**
 * A plain static file server, as a cheap static host would be: one folder
 * mounted under a sub-path, no COOP/COEP headers, no SPA fallback. A test can
 * replace one file's bytes (e.g. to publish a "new version" of sw.js).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** A running static server. */
export interface StaticServer {
  /** The mounted folder's URL, ending in `/`. */
  readonly url: string;
  /** Serves `body` instead of the file at `path` (relative to the mount), until cleared. */
  override(path: string, body: string | Buffer): void;
  clearOverrides(): void;
  close(): Promise<void>;
}

/** Serves `root` at `http://127.0.0.1:<port><prefix>`. */
export async function serveStatic({ root, prefix }: { root: string; prefix: string }): Promise<StaticServer> {
  const folder = resolve(root);
  const overrides = new Map<string, string | Buffer>();
  const server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
      if (!path.startsWith(prefix)) return send(res, 404, 'Not found');
      const relative = path.slice(prefix.length) || 'index.html';
      const file = normalize(join(folder, relative));
      if (!file.startsWith(folder + sep)) return send(res, 403, 'Forbidden');
      try {
        const body = overrides.get(relative) ?? (await readFile(file));
        res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        send(res, 404, 'Not found');
      }
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    override: (path, body) => void overrides.set(path, body),
    clearOverrides: () => overrides.clear(),
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((error) => (error ? fail(error) : done()));
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain' });
  res.end(text);
}
