import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { send, type Exchange } from './answer.js';
import { apiAnswer } from './api.js';
import { cdnAnswer } from './cdn.js';
import { CdnSigner, encodePath } from './cdn-urls.js';
import { CommitStore } from './commits.js';
import { type ControlTarget, handleControl } from './control.js';
import { cdnCorsHeaders, corsHeaders, hubCorsHeaders, preflightHeaders } from './cors.js';
import { FaultStore } from './fault-store.js';
import { HashCache } from './hashes.js';
import { parseCdnPath, parseHubPath } from './paths.js';
import { RequestLog } from './request-log.js';
import { resolveAnswer } from './resolve.js';
import { sendHubError, sendJson } from './responses.js';
import { s3Error } from './s3-error.js';
import type { HubState } from './state.js';
import type { CdnEtagMode, CommitChange, HubServer, HubServerOptions, RequestRecord } from './types.js';

const CDN_ETAG_MODES = new Set<CdnEtagMode>(['xet', 'sha256', 'md5']);

/**
 * Starts a server laid out like the Hugging Face hub that serves `root/{owner}/{name}/{file}` at
 * `/{owner}/{name}/resolve/{revision}/{file}`, with Range, hub ETags, CORS, a request log and fault
 * injection. In hub mode (the default) it behaves like huggingface.co: LFS files redirect to a
 * second origin (the CDN, another port), revisions are `main` or commit SHAs, and the `/api/`
 * endpoints describe each commit; see {@link HubMode}. Resolves once both origins listen.
 */
export async function createHubServer(options: HubServerOptions = {}): Promise<HubServer> {
  const root = resolve(options.root ?? 'models');
  const host = options.host ?? '127.0.0.1';
  const mode = options.mode ?? 'hub';
  const cdnEtag = options.cdnEtag ?? 'xet';
  checkCdnEtag(cdnEtag);
  const state: HubState = {
    root,
    mode,
    api: options.api ?? true,
    cdnEtag,
    cdnUrl: '',
    log: new RequestLog(),
    faults: new FaultStore(),
    hashes: new HashCache(),
    commits: new CommitStore(root, { anyRevisionIsMain: mode === 'direct' }),
    signer: new CdnSigner(),
  };

  const hub = listener((req, res) => handleHub(state, req, res, control));
  const cdn = mode === 'hub' ? listener((req, res) => handleCdn(state, req, res)) : undefined;
  const port = await listen(hub, options.port ?? 0, host);
  const url = `http://${urlHost(host)}:${port}`;
  try {
    state.cdnUrl = cdn ? `http://${urlHost(host)}:${await listen(cdn, 0, host)}` : url;
  } catch (error) {
    await close(hub);
    throw error;
  }

  const commitOf = async (repo: string, revision = 'main'): Promise<string> => {
    const found = await state.commits.lookup(repo, revision);
    if (found.kind === 'commit') return found.commit.sha;
    throw new Error(found.kind === 'repo-missing' ? `no repo ${repo} under ${root}` : `no revision ${revision} of ${repo}`);
  };
  const setCdnEtag = (next: CdnEtagMode): void => {
    checkCdnEtag(next);
    state.cdnEtag = next;
  };
  const control: ControlTarget = {
    log: state.log,
    faults: state.faults,
    info: () => ({ url, cdnUrl: state.cdnUrl, mode, cdnEtag: state.cdnEtag, api: state.api }),
    publishCommit: (repo: string, change: CommitChange) => state.commits.publish(repo, change),
    commitOf,
    setCdnEtag,
  };

  return {
    url,
    cdnUrl: state.cdnUrl,
    port,
    host,
    root,
    mode,
    fileUrl: (repo, file, revision = 'main') =>
      `${url}/${encodePath(repo)}/resolve/${encodeURIComponent(revision)}/${encodePath(file)}`,
    close: async () => {
      await Promise.all([close(hub), cdn && close(cdn)]);
      await state.commits.close();
    },
    requests: () => state.log.all(),
    countFor: (match) => state.log.count(match),
    bytesServed: (match) => state.log.bytesServed(match),
    reset: () => state.log.reset(),
    setFaults: (rules) => state.faults.set(rules),
    addFault: (rule) => state.faults.add(rule),
    clearFaults: () => state.faults.clear(),
    faults: () => state.faults.list(),
    publishCommit: control.publishCommit,
    commitOf,
    setCdnEtag,
  };
}

async function handleHub(
  state: HubState,
  req: IncomingMessage,
  res: ServerResponse,
  control: ControlTarget,
): Promise<void> {
  const target = parseHubPath(req.url ?? '/');
  if (target.kind === 'control') {
    if (req.method === 'OPTIONS') answerPreflight(req, res, corsHeaders());
    else await handleControl(req, res, target.action, control);
    return;
  }
  const cors = state.mode === 'hub' ? hubCorsHeaders(req) : corsHeaders();
  const scope =
    target.kind === 'file'
      ? { repo: target.repo, revision: target.revision, file: target.file }
      : target.kind === 'api' && target.route
        ? { repo: target.route.repo, revision: target.route.revision }
        : {};
  const record = openRecord(state, req, res, target.kind === 'api' ? 'api' : 'hub', target.path, scope);
  if (req.method === 'OPTIONS') return answerPreflight(req, res, cors);

  const withBody = req.method !== 'HEAD';
  const exchange: Exchange = { req, res, record, faults: state.faults, cors, target: { path: target.path, ...scope } };
  switch (target.kind) {
    case 'invalid':
      record.bytesSent = sendHubError(res, 400, 'Invalid path', undefined, { cors, withBody });
      return;
    case 'other':
      record.bytesSent = sendHubError(res, 404, 'Not found', undefined, { cors, withBody });
      return;
    case 'api':
      return send(exchange, await apiAnswer(state, req, target.route, target.path));
    case 'file':
      return send(exchange, await resolveAnswer(state, req, target));
  }
}

async function handleCdn(state: HubState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = parseCdnPath(req.url ?? '/');
  const cors = cdnCorsHeaders();
  const scope = target.kind === 'file' ? { repo: target.repo, revision: target.commit, file: target.file } : {};
  const record = openRecord(state, req, res, 'cdn', target.path, scope);
  if (req.method === 'OPTIONS') return answerPreflight(req, res, cors);
  const exchange: Exchange = { req, res, record, faults: state.faults, cors, target: { path: target.path, ...scope } };
  if (target.kind !== 'file') {
    const answer = target.kind === 'invalid' ? s3Error(400, 'Invalid path.', 'InvalidURI') : s3Error(404, 'The specified key does not exist.');
    return send(exchange, answer);
  }
  return send(exchange, await cdnAnswer(state, req, target));
}

function openRecord(
  state: HubState,
  req: IncomingMessage,
  res: ServerResponse,
  origin: RequestRecord['origin'],
  path: string,
  scope: Pick<RequestRecord, 'repo' | 'revision' | 'file'>,
): RequestRecord {
  const record = state.log.open({
    origin,
    method: req.method ?? 'GET',
    path,
    ...(req.headers.range === undefined ? {} : { range: req.headers.range }),
    ...scope,
  });
  res.once('close', () => closeRecord(record, res));
  return record;
}

/** An HTTP server whose handler's failures become a 500 (or a dropped socket once headers left). */
function listener(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Server {
  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  });
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      done((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((done, fail) => {
    server.close((error) => (error ? fail(error) : done()));
    server.closeAllConnections();
  });
}

function answerPreflight(req: IncomingMessage, res: ServerResponse, cors: OutgoingHttpHeaders): void {
  res.writeHead(204, preflightHeaders(req, cors));
  res.end();
}

function closeRecord(record: RequestRecord, res: ServerResponse): void {
  record.status = res.headersSent ? res.statusCode : 0;
  record.durationMs = Date.now() - record.time;
  if (record.outcome === 'pending') record.outcome = res.writableFinished ? 'complete' : 'aborted';
}

function checkCdnEtag(mode: CdnEtagMode): void {
  if (!CDN_ETAG_MODES.has(mode)) throw new TypeError(`cdnEtag must be one of ${[...CDN_ETAG_MODES].join(', ')}`);
}

/** The host as it appears in a URL a client can use: wildcard binds become loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
