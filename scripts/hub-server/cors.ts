import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';

/** Response headers a cross-origin page (even a COEP `require-corp` one) may read. */
export const EXPOSED_HEADERS = [
  'Content-Length',
  'Content-Range',
  'Content-Type',
  'ETag',
  'X-Linked-Etag',
  'X-Linked-Size',
  'Accept-Ranges',
  'X-Error-Code',
  'X-Error-Message',
];

const ALLOWED_METHODS = 'GET, HEAD, POST, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'Range, If-Range, If-None-Match, If-Modified-Since, Content-Type, Authorization, Cache-Control';

/** Headers every response carries. */
export function corsHeaders(): OutgoingHttpHeaders {
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': EXPOSED_HEADERS.join(', '),
    'Cross-Origin-Resource-Policy': 'cross-origin',
    // Lets a page's Resource Timing entries report sizes and phases, for benchmarks.
    'Timing-Allow-Origin': '*',
  };
}

/** Headers answering a CORS preflight: whatever headers the page asks for are allowed. */
export function preflightHeaders(req: IncomingMessage): OutgoingHttpHeaders {
  const requested = req.headers['access-control-request-headers'];
  const headers: OutgoingHttpHeaders = {
    ...corsHeaders(),
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': requested ? `${ALLOWED_HEADERS}, ${requested}` : ALLOWED_HEADERS,
    'Access-Control-Max-Age': '600',
    'Content-Length': '0',
  };
  // Chromium's Private Network Access asks this before a public page may reach localhost.
  if (req.headers['access-control-request-private-network'] === 'true') {
    headers['Access-Control-Allow-Private-Network'] = 'true';
  }
  return headers;
}
