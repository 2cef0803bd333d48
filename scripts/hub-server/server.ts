import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { handleControl } from './control.js';
import { preflightHeaders } from './cors.js';
import { FaultStore } from './fault-store.js';
import { HashCache } from './hashes.js';
import { parseHubPath } from './paths.js';
import { RequestLog } from './request-log.js';
import { sendHubError, sendJson } from './responses.js';
import { serveHubFile } from './serve-file.js';
import type { HubServer, HubServerOptions, RequestRecord } from './types.js';

/**
 * Starts an HTTP server that serves `root/{owner}/{name}/{file}` at the Hugging Face hub layout
 * `/{owner}/{name}/resolve/{revision}/{file}` (any revision), with Range, hub ETags, CORS,
 * a request log and fault injection. Resolves once it is listening.
 */
export async function createHubServer(options: HubServerOptions = {}): Promise<HubServer> {
  const root = resolve(options.root ?? 'models');
  const host = options.host ?? '127.0.0.1';
  const log = new RequestLog();
  const faults = new FaultStore();
  const hashes = new HashCache();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = parseHubPath(req.url ?? '/');
    if (target.kind === 'control') {
      if (req.method === 'OPTIONS') answerPreflight(req, res);
      else await handleControl(req, res, target.action, { log, faults });
      return;
    }
    const record = log.open({
      method: req.method ?? 'GET',
      path: target.path,
      ...(req.headers.range === undefined ? {} : { range: req.headers.range }),
      ...(target.kind === 'file' ? { repo: target.repo, revision: target.revision, file: target.file } : {}),
    });
    res.once('close', () => closeRecord(record, res));

    if (req.method === 'OPTIONS') return answerPreflight(req, res);
    switch (target.kind) {
      case 'invalid':
        record.bytesSent = sendHubError(res, 400, 'Invalid path', undefined, req.method !== 'HEAD');
        return;
      case 'other':
        record.bytesSent = sendHubError(res, 404, 'Not found', undefined, req.method !== 'HEAD');
        return;
      case 'file':
        await serveHubFile({ req, res, record, root, hashes, faults, ...target });
    }
  }

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', fail);
      done();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(host)}:${port}`;

  return {
    url,
    port,
    host,
    root,
    fileUrl: (repo, file, revision = 'main') =>
      `${url}/${encodePath(repo)}/resolve/${encodeURIComponent(revision)}/${encodePath(file)}`,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((error) => (error ? fail(error) : done()));
        server.closeAllConnections();
      }),
    requests: () => log.all(),
    countFor: (match) => log.count(match),
    reset: () => log.reset(),
    setFaults: (rules) => faults.set(rules),
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    faults: () => faults.list(),
  };
}

function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(204, preflightHeaders(req));
  res.end();
}

function closeRecord(record: RequestRecord, res: ServerResponse): void {
  record.status = res.headersSent ? res.statusCode : 0;
  record.durationMs = Date.now() - record.time;
  if (record.outcome === 'pending') record.outcome = res.writableFinished ? 'complete' : 'aborted';
}

/** The host as it appears in a URL a client can use: wildcard binds become loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
