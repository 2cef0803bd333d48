import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { corsHeaders } from './cors.js';

/** Hub error codes, sent as `X-Error-Code`. */
export type HubErrorCode = 'RepoNotFound' | 'EntryNotFound' | 'RevisionNotFound';

/** Sends a small JSON body; `headers` should carry the origin's CORS headers. Returns the body length sent. */
export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: OutgoingHttpHeaders = corsHeaders(),
  withBody = true,
): number {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, {
    'Cache-Control': 'no-store',
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(body.length),
    ...headers,
  });
  res.end(withBody ? body : undefined);
  return withBody ? body.length : 0;
}

/** How to send an error. */
export interface ErrorOptions {
  /** The answering origin's CORS headers. Default: direct mode's. */
  cors?: OutgoingHttpHeaders;
  /** More headers (e.g. `X-Repo-Commit`). */
  headers?: OutgoingHttpHeaders;
  /** False for HEAD. Default true. */
  withBody?: boolean;
}

/** Sends a hub-style error: `{"error": message}`, with `X-Error-Message`, and `X-Error-Code` when given. */
export function sendHubError(
  res: ServerResponse,
  status: number,
  message: string,
  code?: HubErrorCode,
  options: ErrorOptions = {},
): number {
  const headers: OutgoingHttpHeaders = { ...(options.cors ?? corsHeaders()), ...options.headers, 'X-Error-Message': message };
  if (code) headers['X-Error-Code'] = code;
  return sendJson(res, status, { error: message }, headers, options.withBody ?? true);
}
