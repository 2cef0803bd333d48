/**
 * The CDN's signed URLs. The real hub redirects to a presigned URL that differs on every
 * redirect and expires (`…?X-Amz-Algorithm=…&X-Amz-Expires=3600&X-Amz-Signature=…` on S3,
 * `…?Expires=…&Policy=…&Signature=…&Key-Pair-Id=…` on CloudFront); a client that keeps one and
 * reuses it later gets `403 AccessDenied`. Here each redirect gets a random signature that the
 * CDN accepts, for that path only, until it expires.
 */
import { randomBytes } from 'node:crypto';

/** Why a CDN request is refused, or `ok`. */
export type SignatureCheck = 'ok' | 'missing' | 'invalid' | 'expired';

/** Issues and checks the CDN's signed URLs. */
export class CdnSigner {
  readonly #issued = new Map<string, { path: string; expiresAt: number }>();
  readonly #ttlSeconds: number;

  constructor(ttlSeconds = 3600) {
    this.#ttlSeconds = ttlSeconds;
  }

  /** A fresh signed URL on `base` for `repo`'s `file` at `commit`. */
  sign(base: string, repo: string, commit: string, file: string): string {
    const path = `/${repo}/${commit}/${file}`;
    const signature = randomBytes(32).toString('hex');
    const now = new Date();
    this.#issued.set(signature, { path, expiresAt: now.getTime() + this.#ttlSeconds * 1000 });
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Date': now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, ''),
      'X-Amz-Expires': String(this.#ttlSeconds),
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': signature,
    });
    return `${base}${encodePath(path)}?${query}`;
  }

  /** Whether `rawTarget` (a request's `req.url`) carries a live signature issued for `path` (decoded). */
  check(rawTarget: string, path: string): SignatureCheck {
    const signature = new URLSearchParams(rawTarget.split('?')[1] ?? '').get('X-Amz-Signature');
    if (!signature) return 'missing';
    const issued = this.#issued.get(signature);
    if (!issued || issued.path !== path) return 'invalid';
    return Date.now() > issued.expiresAt ? 'expired' : 'ok';
  }
}

/** Percent-encodes each segment of a `/`-separated path. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
