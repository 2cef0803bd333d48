import type { IncomingMessage } from 'node:http';

/** Whether `If-None-Match` names this ETag (weak comparison, as RFC 9110 asks for GET/HEAD). */
export function isNotModified(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => stripWeak(tag.trim()) === stripWeak(etag));
}

/** Whether a Range header may be honoured: no `If-Range`, or one naming the current ETag or Last-Modified exactly. */
export function rangeStillValid(req: IncomingMessage, etag: string, lastModified: string): boolean {
  const header = req.headers['if-range'];
  if (header === undefined) return true;
  const value = String(header).trim();
  return value.startsWith('"') ? value === etag : value === lastModified;
}

function stripWeak(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}
