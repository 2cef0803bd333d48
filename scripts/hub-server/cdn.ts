/**
 * The CDN origin: where the hub's `302` for an LFS file points (`us.aws.cdn.hf.co/xet-bridge-us/…`,
 * `cas-bridge.xethub.hf.co`, or S3/CloudFront `cdn-lfs*.hf.co` before Xet). It serves the bytes of
 * `/{repo}/{commit}/{file}` to a request whose signature the hub issued (else `403 AccessDenied`,
 * as S3 answers an expired presigned URL), with `Accept-Ranges: bytes`, Range → `206` with
 * `Content-Range`, `Content-Type: application/octet-stream`, and an `ETag` that is the Xet hash, the
 * SHA-256 or an MD5 (see {@link CdnEtagMode}). It sends no `X-Linked-*` header and no `X-Repo-Commit`:
 * a browser that followed the redirect only knows the file's SHA-256 from the API.
 * `Cache-Control: no-store` is this server's choice: every redirect names a new URL, so a browser
 * cache could never reuse a CDN answer anyway, and storing gigabytes would only skew benchmarks.
 */
import type { IncomingMessage } from 'node:http';
import type { Answer } from './answer.js';
import { cdnEtagOf } from './blob-info.js';
import { planBody } from './body-plan.js';
import { s3Error } from './s3-error.js';
import type { HubState } from './state.js';

/** A CDN request, parsed. */
export interface CdnTarget {
  path: string;
  repo: string;
  commit: string;
  file: string;
}

/** What the CDN answers to a request for a file, before faults. */
export async function cdnAnswer(state: HubState, req: IncomingMessage, target: CdnTarget): Promise<Answer> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return s3Error(405, 'The specified method is not allowed.');
  const signature = state.signer.check(req.url ?? '', target.path);
  if (signature === 'missing') return s3Error(403, 'Request is missing a signature.');
  if (signature === 'invalid') return s3Error(403, 'The request signature does not match.');
  if (signature === 'expired') return s3Error(403, 'Request has expired.');

  const file = state.commits.commit(target.repo, target.commit)?.files.get(target.file);
  if (!file) return s3Error(404, 'The specified key does not exist.');
  const etag = `"${await cdnEtagOf(state.hashes, file, state.cdnEtag)}"`;
  return planBody(req, file, etag, {
    'Content-Type': 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    ETag: etag,
    'Cache-Control': 'no-store',
  });
}
