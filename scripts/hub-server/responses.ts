import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { corsHeaders } from './cors.js';

/** Hub error codes, sent as `X-Error-Code`. */
export type HubErrorCode = 'RepoNotFound' | 'EntryNotFound' | 'RevisionNotFound';

/** Sends a small JSON body with CORS headers; returns the body length. */
export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: OutgoingHttpHeaders = {},
  withBody = true,
): number {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, {
    ...corsHeaders(),
    'Cache-Control': 'no-store',
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(body.length),
    ...headers,
  });
  res.end(withBody ? body : undefined);
  return withBody ? body.length : 0;
}

/** Sends a hub-style error: `{"error": message}`, with `X-Error-Code` when given. */
export function sendHubError(
  res: ServerResponse,
  status: number,
  message: string,
  code?: HubErrorCode,
  withBody = true,
): number {
  const headers: OutgoingHttpHeaders = { 'X-Error-Message': message };
  if (code) headers['X-Error-Code'] = code;
  return sendJson(res, status, { error: message }, headers, withBody);
}

const STATUS_MESSAGES: Record<number, string> = {
  404: 'Entry not found',
  500: "Internal Error - We're working hard to fix this as soon as possible!",
  503: 'Service Unavailable',
};

/** Sends the error a `status` fault asks for. */
export function sendFaultStatus(res: ServerResponse, status: number, withBody: boolean): number {
  const message = STATUS_MESSAGES[status] ?? `Injected error ${status}`;
  return sendHubError(res, status, message, status === 404 ? 'EntryNotFound' : undefined, withBody);
}
