import type { Answer } from './answer.js';

/** S3's error codes for the statuses a CDN answers with. */
const S3_CODES: Record<number, string> = {
  400: 'InvalidRequest',
  403: 'AccessDenied',
  404: 'NoSuchKey',
  405: 'MethodNotAllowed',
  500: 'InternalError',
  503: 'SlowDown',
};

/** An S3-style XML error, as the CDN origin sends it (never the hub's `X-Error-Code`). */
export function s3Error(status: number, message: string, code = S3_CODES[status] ?? 'InternalError'): Answer {
  return {
    kind: 'text',
    status,
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    headers: { 'Content-Type': 'application/xml' },
  };
}
