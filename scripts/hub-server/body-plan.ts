import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Answer } from './answer.js';
import type { StoredFile } from './blob-info.js';
import { isNotModified, rangeStillValid } from './conditionals.js';
import { isSizeProbe, parseRange } from './range.js';

/**
 * The answer to a GET or HEAD for a file's bytes under `etag` (quoted): `304` when `If-None-Match`
 * names it, `416` for a range past the end, else the file or the range asked for (`If-Range`
 * honoured). `headers` are the file's headers (ETag included); `Last-Modified` is added here.
 */
export function planBody(
  req: IncomingMessage,
  file: StoredFile,
  etag: string,
  headers: OutgoingHttpHeaders,
  announceLinkedSize = false,
): Answer {
  const lastModified = new Date(file.mtimeMs).toUTCString();
  const all: OutgoingHttpHeaders = { ...headers, 'Last-Modified': lastModified };
  if (isNotModified(req, etag)) return { kind: 'not-modified', headers: all };

  const rangeHeader = req.headers.range;
  const honoured = rangeStillValid(req, etag, lastModified);
  const range = honoured ? parseRange(rangeHeader, file.size) : ({ kind: 'none' } as const);
  if (range.kind === 'unsatisfiable') return { kind: 'unsatisfiable', size: file.size };
  return {
    kind: 'body',
    file,
    range: range.kind === 'range' ? { start: range.start, end: range.end } : undefined,
    probe: range.kind === 'range' && isSizeProbe(rangeHeader),
    headers: all,
    announceLinkedSize,
  };
}
