/**
 * What a server's headers say about a file, for hosts whose API gave no
 * file list: its size, a version tag for resuming, and a SHA-256 only where
 * the hub names one.
 *
 * The hub answers a large file with a 302 to a CDN; its own headers
 * (`X-Linked-Etag`: the SHA-256, `X-Linked-Size`) sit on that redirect, which
 * a browser follows without showing it. What a page sees are the CDN's
 * headers, whose `ETag` is some other hash (Xet's, or an MD5), so an `ETag`
 * is never taken for the content's SHA-256.
 */
import type { ExpectedFile } from './records.js';

/** Metadata learned from a `Range: bytes=0-0` probe (or any response). */
export interface RemoteFileInfo extends ExpectedFile {
  status: number;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Strips `W/` and quotes from an ETag. */
export function unquoteEtag(value: string | null): string | undefined {
  if (!value) return undefined;
  return value.replace(/^W\//, '').replace(/^"|"$/g, '');
}

/** Reads size, version and (from `X-Linked-Etag` only) SHA-256 from a response's headers. */
export function remoteFileInfo(response: Response): RemoteFileInfo {
  const headers = response.headers;
  const rangeTotal = /\/(\d+)$/.exec(headers.get('content-range') ?? '')?.[1];
  const linkedSize = headers.get('x-linked-size');
  const length = headers.get('content-length');
  const size = Number(rangeTotal ?? linkedSize ?? (response.status === 200 ? length : undefined) ?? -1);
  const linkedEtag = unquoteEtag(headers.get('x-linked-etag'));
  return {
    status: response.status,
    size,
    etag: linkedEtag ?? unquoteEtag(headers.get('etag')),
    sha256: linkedEtag !== undefined && SHA256_HEX.test(linkedEtag) ? linkedEtag : undefined,
    contentType: headers.get('content-type') ?? undefined,
  };
}
