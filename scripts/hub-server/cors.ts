/**
 * CORS headers of the three kinds of answer:
 * - direct mode: `*`, an expose list that includes the `X-Linked-*` headers, and
 *   `Cross-Origin-Resource-Policy: cross-origin`, so even a COEP `require-corp` page can read everything.
 * - the hub origin in hub mode (resolve and `/api/`), as huggingface.co sends them (seen in
 *   huggingface_hub's test cassettes and in published `curl -I` dumps): the request's `Origin`
 *   reflected with `Vary: Origin` (`*` when there is none, where huggingface.co sends its own
 *   origin), `Access-Control-Max-Age: 86400`, and the expose list below. No CORP header.
 * - the CDN origin (`us.aws.cdn.hf.co` / `cas-bridge.xethub.hf.co`): `Access-Control-Allow-Origin: *`
 *   and `Access-Control-Expose-Headers: *`. A browser that follows the hub's cross-origin redirect
 *   sends `Origin: null` there, which only `*` admits.
 * Every kind also sends `Timing-Allow-Origin: *`, which the real hosts do not: it lets a page's
 * Resource Timing entries report sizes and phases, for benchmarks.
 */
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';

/** Response headers a cross-origin page (even a COEP `require-corp` one) may read, in direct mode. */
export const EXPOSED_HEADERS = [
  'Content-Length',
  'Content-Range',
  'Content-Type',
  'ETag',
  'X-Linked-Etag',
  'X-Linked-Size',
  'X-Repo-Commit',
  'Accept-Ranges',
  'X-Error-Code',
  'X-Error-Message',
];

/** huggingface.co's `Access-Control-Expose-Headers`, verbatim. */
export const HUB_EXPOSED_HEADERS =
  'X-Repo-Commit,X-Request-Id,X-Error-Code,X-Error-Message,X-Total-Count,ETag,Link,Accept-Ranges,Content-Range,X-Linked-Size,X-Linked-ETag,X-Xet-Hash';

const ALLOWED_METHODS = 'GET, HEAD, POST, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'Range, If-Range, If-None-Match, If-Modified-Since, Content-Type, Authorization, Cache-Control';

/** CORS headers of a direct-mode answer. */
export function corsHeaders(): OutgoingHttpHeaders {
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': EXPOSED_HEADERS.join(', '),
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Timing-Allow-Origin': '*',
  };
}

/** CORS headers of the hub origin in hub mode. */
export function hubCorsHeaders(req: IncomingMessage): OutgoingHttpHeaders {
  const origin = req.headers.origin;
  return {
    'Access-Control-Allow-Origin': origin ?? '*',
    ...(origin === undefined ? {} : { Vary: 'Origin' }),
    'Access-Control-Max-Age': '86400',
    'Access-Control-Expose-Headers': HUB_EXPOSED_HEADERS,
    'Timing-Allow-Origin': '*',
  };
}

/** CORS headers of the CDN origin. */
export function cdnCorsHeaders(): OutgoingHttpHeaders {
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Timing-Allow-Origin': '*',
  };
}

/** Headers answering a CORS preflight on top of `cors`: whatever headers the page asks for are allowed. */
export function preflightHeaders(req: IncomingMessage, cors: OutgoingHttpHeaders = corsHeaders()): OutgoingHttpHeaders {
  const requested = req.headers['access-control-request-headers'];
  const headers: OutgoingHttpHeaders = {
    'Access-Control-Max-Age': '600',
    ...cors,
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': requested ? `${ALLOWED_HEADERS}, ${requested}` : ALLOWED_HEADERS,
    'Content-Length': '0',
  };
  // Chromium's Private Network Access asks this before a public page may reach localhost.
  if (req.headers['access-control-request-private-network'] === 'true') {
    headers['Access-Control-Allow-Private-Network'] = 'true';
  }
  return headers;
}
