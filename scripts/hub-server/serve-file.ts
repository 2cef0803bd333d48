import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { isNotModified, rangeStillValid } from './conditionals.js';
import { corsHeaders } from './cors.js';
import type { FaultStore } from './fault-store.js';
import { contentTypeFor, resolveRepoFile, type ResolvedFile } from './files.js';
import type { FileIdentity, HashCache } from './hashes.js';
import { pumpFile } from './pump.js';
import { isSizeProbe, parseRange, type RangeRequest } from './range.js';
import { sendFaultStatus, sendHubError } from './responses.js';
import type { FaultAction, FaultKind, RequestRecord } from './types.js';

/** Everything needed to answer one `/{repo}/resolve/{revision}/{file}` request. */
export interface FileRequest {
  req: IncomingMessage;
  res: ServerResponse;
  record: RequestRecord;
  root: string;
  hashes: HashCache;
  faults: FaultStore;
  path: string;
  repo: string;
  file: string;
}

/** What the answer would be without faults. */
type Plan =
  | { kind: 'missing'; resolved: Exclude<ResolvedFile, { kind: 'file' }> }
  | { kind: 'not-modified' | 'unsatisfiable'; file: Extract<ResolvedFile, { kind: 'file' }>; identity: FileIdentity }
  | {
      kind: 'serve';
      file: Extract<ResolvedFile, { kind: 'file' }>;
      identity: FileIdentity;
      range: Extract<RangeRequest, { kind: 'range' }> | undefined;
      probe: boolean;
    };

/** Answers a hub file request, with any fault rules that apply. */
export async function serveHubFile(request: FileRequest): Promise<void> {
  const { req, res, record } = request;
  const isHead = req.method === 'HEAD';
  if (req.method !== 'GET' && !isHead) {
    record.bytesSent = sendHubError(res, 405, 'Method not allowed', undefined);
    return;
  }
  const plan = await planResponse(request);
  const bodyLength = plan.kind === 'serve' && !isHead ? spanOf(plan) : 0;
  const faults = request.faults.take({
    path: request.path,
    repo: request.repo,
    file: request.file,
    applies: (action) => applies(action, plan, isHead, bodyLength),
  });
  record.faults = [...faults.keys()];

  if (faults.has('offline')) {
    req.socket.destroy();
    return;
  }
  const delay = fault(faults, 'delay');
  if (delay) {
    await sleep(delay.ms);
    if (res.destroyed) return;
  }
  const status = fault(faults, 'status');
  if (status) {
    record.bytesSent = sendFaultStatus(res, status.status, !isHead);
    return;
  }

  switch (plan.kind) {
    case 'missing':
      record.bytesSent =
        plan.resolved.kind === 'repo-missing'
          ? sendHubError(res, 404, 'Repository not found', 'RepoNotFound', !isHead)
          : sendHubError(res, 404, 'Entry not found', 'EntryNotFound', !isHead);
      return;
    case 'not-modified':
      res.writeHead(304, fileHeaders(request.file, plan.identity, plan.file));
      res.end();
      return;
    case 'unsatisfiable':
      res.writeHead(416, { ...corsHeaders(), 'Content-Range': `bytes */${plan.file.size}`, 'Content-Length': '0' });
      res.end();
      return;
    case 'serve':
      await sendFile(request, plan, isHead, faults);
  }
}

async function planResponse({ req, root, hashes, repo, file }: FileRequest): Promise<Plan> {
  const resolved = await resolveRepoFile(root, repo, file);
  if (resolved.kind !== 'file') return { kind: 'missing', resolved };
  const identity = await hashes.identity(resolved.absPath, file, resolved.size, resolved.mtimeMs);
  if (isNotModified(req, identity.etag)) return { kind: 'not-modified', file: resolved, identity };

  const rangeHeader = req.headers.range;
  const honoured = rangeStillValid(req, identity.etag, lastModified(resolved.mtimeMs));
  const range = honoured ? parseRange(rangeHeader, resolved.size) : ({ kind: 'none' } as const);
  if (range.kind === 'unsatisfiable') return { kind: 'unsatisfiable', file: resolved, identity };
  return {
    kind: 'serve',
    file: resolved,
    identity,
    range: range.kind === 'range' ? range : undefined,
    probe: range.kind === 'range' && isSizeProbe(rangeHeader),
  };
}

/** Body faults act on real downloads only; size faults on size queries only (see FaultAction). */
function applies(action: FaultAction, plan: Plan, isHead: boolean, bodyLength: number): boolean {
  const download = plan.kind === 'serve' && !isHead && !plan.probe;
  switch (action.kind) {
    case 'cut':
      return download && bodyLength > action.afterBytes;
    case 'throttle':
      return download && bodyLength > 0;
    case 'announce-length':
      return plan.kind === 'serve' && (isHead || plan.probe);
    default:
      return true;
  }
}

async function sendFile(
  { res, record, file }: FileRequest,
  plan: Extract<Plan, { kind: 'serve' }>,
  isHead: boolean,
  faults: Map<FaultKind, FaultAction>,
): Promise<void> {
  const { size } = plan.file;
  const start = plan.range?.start ?? 0;
  const end = plan.range?.end ?? size - 1;
  const headers = fileHeaders(file, plan.identity, plan.file);
  headers['Content-Length'] = String(end - start + 1);
  if (plan.range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;

  const announce = fault(faults, 'announce-length');
  if (announce) {
    headers['X-Linked-Size'] = String(announce.bytes);
    // A HEAD has no body to contradict; a probe's body stays one real byte, so only the total changes.
    if (isHead) headers['Content-Length'] = String(announce.bytes);
    else headers['Content-Range'] = `bytes ${start}-${end}/${announce.bytes}`;
  }

  res.writeHead(plan.range ? 206 : 200, headers);
  if (isHead || size === 0) {
    res.end();
    return;
  }
  const result = await pumpFile(res, plan.file.absPath, {
    start,
    end,
    cutAfter: fault(faults, 'cut')?.afterBytes,
    bytesPerSecond: fault(faults, 'throttle')?.bytesPerSecond,
    onBytes: (count) => {
      record.bytesSent += count;
    },
  });
  if (result !== 'complete') record.outcome = 'aborted';
}

function fileHeaders(
  file: string,
  identity: FileIdentity,
  stats: { size: number; mtimeMs: number },
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    ...corsHeaders(),
    'Content-Type': contentTypeFor(file),
    'Accept-Ranges': 'bytes',
    ETag: identity.etag,
    'Last-Modified': lastModified(stats.mtimeMs),
    'Cache-Control': 'no-store',
  };
  if (identity.lfs) {
    headers['X-Linked-Etag'] = identity.etag;
    headers['X-Linked-Size'] = String(stats.size);
  }
  return headers;
}

function spanOf(plan: Extract<Plan, { kind: 'serve' }>): number {
  return plan.range ? plan.range.end - plan.range.start + 1 : plan.file.size;
}

function lastModified(mtimeMs: number): string {
  return new Date(mtimeMs).toUTCString();
}

function fault<K extends FaultKind>(
  faults: Map<FaultKind, FaultAction>,
  kind: K,
): Extract<FaultAction, { kind: K }> | undefined {
  return faults.get(kind) as Extract<FaultAction, { kind: K }> | undefined;
}
