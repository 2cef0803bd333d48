/**
 * What the server says about a file before we download it: its size, its
 * version (ETag) and, for large files on the hub, its SHA-256.
 */

/** Metadata learned from a `Range: bytes=0-0` probe. */
export interface RemoteFileInfo {
  status: number;
  size: number;
  etag: string | undefined;
  sha256: string | undefined;
  contentType: string | undefined;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Strips `W/` and quotes from an ETag. */
export function unquoteEtag(value: string | null): string | undefined {
  if (!value) return undefined;
  return value.replace(/^W\//, '').replace(/^"|"$/g, '');
}

/**
 * Reads size and version from a probe's headers. The hub sends the LFS
 * SHA-256 of large files as `X-Linked-Etag` (and often as the `ETag`).
 */
export function remoteFileInfo(response: Response): RemoteFileInfo {
  const headers = response.headers;
  const rangeTotal = /\/(\d+)$/.exec(headers.get('content-range') ?? '')?.[1];
  const linkedSize = headers.get('x-linked-size');
  const length = headers.get('content-length');
  const size = Number(rangeTotal ?? linkedSize ?? (response.status === 200 ? length : undefined) ?? -1);
  const linkedEtag = unquoteEtag(headers.get('x-linked-etag'));
  const etag = linkedEtag ?? unquoteEtag(headers.get('etag'));
  const sha256 = [linkedEtag, unquoteEtag(headers.get('etag'))].find((value) => value !== undefined && SHA256_HEX.test(value));
  return { status: response.status, size, etag, sha256, contentType: headers.get('content-type') ?? undefined };
}
