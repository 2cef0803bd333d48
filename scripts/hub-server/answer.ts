/**
 * Sends what a handler decided, after the fault rules have had their say: every origin (direct
 * files, the hub's redirects and API, the CDN) builds an {@link Answer} and hands it here, so the
 * faults act the same way wherever they land.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StoredFile } from './blob-info.js';
import type { FaultStore, FaultTarget } from './fault-store.js';
import { pumpFile } from './pump.js';
import { type HubErrorCode, sendHubError, sendJson } from './responses.js';
import { s3Error } from './s3-error.js';
import type { FaultAction, FaultKind, RequestOrigin, RequestRecord } from './types.js';

/** A response as the server would send it without faults. */
export type Answer =
  | { kind: 'error'; status: number; message: string; code?: HubErrorCode; headers?: OutgoingHttpHeaders }
  | { kind: 'json'; status: number; value: unknown; headers?: OutgoingHttpHeaders }
  /** A small text body (the CDN's XML errors). */
  | { kind: 'text'; status: number; body: string; headers: OutgoingHttpHeaders }
  | { kind: 'redirect'; status: 302 | 307; location: string; headers: OutgoingHttpHeaders }
  | { kind: 'not-modified'; headers: OutgoingHttpHeaders }
  | { kind: 'unsatisfiable'; size: number }
  | {
      kind: 'body';
      file: StoredFile;
      /** Inclusive byte span; absent for the whole file. */
      range: { start: number; end: number } | undefined;
      /** A `bytes=0-0` size probe. */
      probe: boolean;
      /** Every header but Content-Length and Content-Range. */
      headers: OutgoingHttpHeaders;
      /** Whether an announce-length fault also rewrites `X-Linked-Size` (direct mode). */
      announceLinkedSize: boolean;
    };

/** One request and where it is answered. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  record: RequestRecord;
  faults: FaultStore;
  /** The answering origin's CORS headers. */
  cors: OutgoingHttpHeaders;
  /** What fault rules are matched against. */
  target: Omit<FaultTarget, 'applies'>;
}

/** Applies the fault rules that match and can act on `answer`, then sends what is left of it. */
export async function send(exchange: Exchange, answer: Answer): Promise<void> {
  const { req, res, record } = exchange;
  const isHead = req.method === 'HEAD';
  const faults = exchange.faults.take({ ...exchange.target, applies: (action) => applies(action, answer, isHead) });
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
  await sendAnswer(exchange, status ? statusFault(status.status, record.origin) : answer, isHead, faults);
}

const FAULT_MESSAGES: Record<number, string> = {
  404: 'Entry not found',
  500: "Internal Error - We're working hard to fix this as soon as possible!",
  503: 'Service Unavailable',
};

/** What a `status` fault sends instead: the hub's JSON error, or S3's XML error from the CDN. */
function statusFault(status: number, origin: RequestOrigin): Answer {
  if (origin === 'cdn') return s3Error(status, 'Injected error.');
  const message = FAULT_MESSAGES[status] ?? `Injected error ${status}`;
  return { kind: 'error', status, message, ...(status === 404 ? { code: 'EntryNotFound' as const } : {}) };
}

async function sendAnswer(
  exchange: Exchange,
  answer: Answer,
  isHead: boolean,
  faults: Map<FaultKind, FaultAction>,
): Promise<void> {
  const { res, record, cors } = exchange;
  switch (answer.kind) {
    case 'error':
      record.bytesSent = sendHubError(res, answer.status, answer.message, answer.code, {
        cors,
        headers: answer.headers ?? {},
        withBody: !isHead,
      });
      return;
    case 'json':
      record.bytesSent = sendJson(res, answer.status, answer.value, { ...cors, ...answer.headers }, !isHead);
      return;
    case 'text': {
      const body = Buffer.from(answer.body);
      res.writeHead(answer.status, { ...cors, ...answer.headers, 'Content-Length': String(body.length) });
      res.end(isHead ? undefined : body);
      record.bytesSent = isHead ? 0 : body.length;
      return;
    }
    case 'redirect':
      res.writeHead(answer.status, { ...cors, ...answer.headers, Location: answer.location, 'Content-Length': '0' });
      res.end();
      return;
    case 'not-modified':
      res.writeHead(304, { ...cors, ...answer.headers });
      res.end();
      return;
    case 'unsatisfiable':
      res.writeHead(416, { ...cors, 'Content-Range': `bytes */${answer.size}`, 'Content-Length': '0' });
      res.end();
      return;
    case 'body':
      await sendBody(exchange, answer, isHead, faults);
  }
}

/** Body faults act on real downloads only; size faults on size queries only (see FaultAction). */
function applies(action: FaultAction, answer: Answer, isHead: boolean): boolean {
  if (answer.kind !== 'body') return !BODY_KINDS.has(action.kind);
  const start = answer.range?.start ?? 0;
  const end = answer.range?.end ?? answer.file.size - 1;
  const download = !isHead && !answer.probe;
  switch (action.kind) {
    case 'cut':
      return download && end - start + 1 > action.afterBytes;
    case 'throttle':
      return download && end - start + 1 > 0;
    case 'corrupt':
      return !isHead && action.atByte >= start && action.atByte <= end;
    case 'announce-length':
      return isHead || answer.probe;
    default:
      return true;
  }
}

/** Kinds that need a file body (a redirect, an API answer or an error has none to change). */
const BODY_KINDS = new Set<FaultKind>(['cut', 'throttle', 'corrupt', 'announce-length']);

async function sendBody(
  { res, record, cors }: Exchange,
  answer: Extract<Answer, { kind: 'body' }>,
  isHead: boolean,
  faults: Map<FaultKind, FaultAction>,
): Promise<void> {
  const { size } = answer.file;
  const start = answer.range?.start ?? 0;
  const end = answer.range?.end ?? size - 1;
  const headers: OutgoingHttpHeaders = { ...cors, ...answer.headers, 'Content-Length': String(end - start + 1) };
  if (answer.range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;

  const announce = fault(faults, 'announce-length');
  if (announce) {
    if (answer.announceLinkedSize) headers['X-Linked-Size'] = String(announce.bytes);
    // A HEAD has no body to contradict; a probe's body stays one real byte, so only the total changes.
    if (isHead) headers['Content-Length'] = String(announce.bytes);
    else headers['Content-Range'] = `bytes ${start}-${end}/${announce.bytes}`;
  }

  res.writeHead(answer.range ? 206 : 200, headers);
  if (isHead || size === 0) {
    res.end();
    return;
  }
  const result = await pumpFile(res, answer.file.absPath, {
    start,
    end,
    cutAfter: fault(faults, 'cut')?.afterBytes,
    bytesPerSecond: fault(faults, 'throttle')?.bytesPerSecond,
    corruptAt: fault(faults, 'corrupt')?.atByte,
    onBytes: (count) => {
      record.bytesSent += count;
    },
  });
  if (result !== 'complete') record.outcome = 'aborted';
}

function fault<K extends FaultKind>(
  faults: Map<FaultKind, FaultAction>,
  kind: K,
): Extract<FaultAction, { kind: K }> | undefined {
  return faults.get(kind) as Extract<FaultAction, { kind: K }> | undefined;
}
