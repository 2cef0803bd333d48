import type { IncomingMessage, ServerResponse } from 'node:http';
import { deserializeFaultRule, serializeFaultRule } from './fault-rules.js';
import type { FaultStore } from './fault-store.js';
import { readBody } from './request-body.js';
import type { RequestLog } from './request-log.js';
import { sendJson } from './responses.js';
import type { CdnEtagMode, CommitChange, HubInfo } from './types.js';

const MAX_FAULTS_BYTES = 1024 * 1024;
/** A commit travels as base64 in JSON, so it may be large. */
const MAX_COMMIT_BYTES = 512 * 1024 * 1024;

/** What the control endpoints act on. */
export interface ControlTarget {
  log: RequestLog;
  faults: FaultStore;
  info(): HubInfo;
  publishCommit(repo: string, change: CommitChange): Promise<string>;
  commitOf(repo: string, revision?: string): Promise<string>;
  setCdnEtag(mode: CdnEtagMode): void;
}

/** `POST /__hub/commit`'s body: files as base64. */
export interface SerializedCommit {
  repo: string;
  files?: Record<string, string>;
  delete?: string[];
  message?: string;
}

/**
 * Answers `/__hub/{action}` (on the hub origin; never logged, never faulted):
 * `GET requests` (the log), `POST reset` (empty the log),
 * `GET faults`, `POST faults` (a JSON array replaces the rules, a single rule object is appended),
 * `DELETE faults`, `GET info` ({@link HubInfo}),
 * `POST commit` ({@link SerializedCommit} → `{ sha }`), `GET commit?repo=…&revision=…` (→ `{ sha }`),
 * `POST cdn-etag` (`{ mode }`).
 */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  action: string,
  target: ControlTarget,
): Promise<void> {
  const route = `${req.method ?? ''} ${action}`;
  try {
    switch (route) {
      case 'GET requests':
        return void sendJson(res, 200, target.log.all());
      case 'POST reset':
        target.log.reset();
        return void sendJson(res, 200, { ok: true });
      case 'GET faults':
        return void sendJson(res, 200, target.faults.list().map(serializeFaultRule));
      case 'DELETE faults':
        target.faults.clear();
        return void sendJson(res, 200, []);
      case 'POST faults':
        return await postFaults(req, res, target.faults);
      case 'GET info':
        return void sendJson(res, 200, target.info());
      case 'POST commit':
        return await postCommit(req, res, target);
      case 'GET commit':
        return await getCommit(req, res, target);
      case 'POST cdn-etag': {
        const { mode } = JSON.parse(await readBody(req, MAX_FAULTS_BYTES)) as { mode: CdnEtagMode };
        target.setCdnEtag(mode);
        return void sendJson(res, 200, { mode });
      }
      default:
        sendJson(res, 404, { error: `Unknown control endpoint: ${route}` });
    }
  } catch (error) {
    if (!res.headersSent) sendJson(res, 400, { error: (error as Error).message });
  }
}

async function postFaults(req: IncomingMessage, res: ServerResponse, faults: FaultStore): Promise<void> {
  const body: unknown = JSON.parse(await readBody(req, MAX_FAULTS_BYTES));
  if (Array.isArray(body)) faults.set(body.map(deserializeFaultRule));
  else faults.add(deserializeFaultRule(body));
  sendJson(res, 200, faults.list().map(serializeFaultRule));
}

async function postCommit(req: IncomingMessage, res: ServerResponse, target: ControlTarget): Promise<void> {
  const body = JSON.parse(await readBody(req, MAX_COMMIT_BYTES)) as SerializedCommit;
  if (typeof body?.repo !== 'string') throw new TypeError('commit needs `repo`');
  const files = Object.fromEntries(
    Object.entries(body.files ?? {}).map(([path, base64]) => [path, new Uint8Array(Buffer.from(base64, 'base64'))]),
  );
  const sha = await target.publishCommit(body.repo, {
    files,
    delete: body.delete ?? [],
    ...(body.message === undefined ? {} : { message: body.message }),
  });
  sendJson(res, 200, { sha });
}

async function getCommit(req: IncomingMessage, res: ServerResponse, target: ControlTarget): Promise<void> {
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  const repo = query.get('repo');
  if (!repo) throw new TypeError('commit needs `?repo=`');
  try {
    sendJson(res, 200, { sha: await target.commitOf(repo, query.get('revision') ?? 'main') });
  } catch (error) {
    sendJson(res, 404, { error: (error as Error).message });
  }
}
