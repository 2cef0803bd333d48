/**
 * `GET|HEAD /{repo}/resolve/{revision}/{file}` on the hub origin.
 *
 * Hub mode, modelled on huggingface.co as huggingface_hub's `get_hf_file_metadata` (file_download.py)
 * and `@huggingface/hub`'s `fileDownloadInfo` read it:
 * - an LFS file answers `302` to a signed URL on the CDN origin. The hub's headers are on the redirect:
 *   `X-Repo-Commit` (40-hex commit), `X-Linked-Etag: "<sha256>"`, `X-Linked-Size`, `Accept-Ranges: bytes`,
 *   and `X-Xet-Hash` when the CDN serves Xet. No `ETag`: huggingface.co sends none on the redirect
 *   (`curl -sI …/resolve/main/model.safetensors | grep etag` shows only `x-linked-etag`, as a
 *   maintainer showed in huggingface/huggingface_hub#3018), and `X-Linked-Etag` exists because the
 *   redirect's own ETag would not be the file's (huggingface_hub prefers it, then falls back to `ETag`).
 *   A browser following the redirect sees none of these headers, only the CDN's.
 * - a small file is answered here: `200`/`206`, `ETag: "<git blob sha1>"`, `X-Repo-Commit`, no `X-Linked-*`.
 *   (huggingface.co now sends small files at a branch through a same-origin `307` to
 *   `/api/resolve-cache/models/{repo}/{commit}/{file}`; this server answers them directly.)
 * - `revision` is `main` (or `HEAD`) or a full commit SHA; anything else is `404 RevisionNotFound`.
 *
 * Direct mode answers every file here, LFS files with `ETag` and `X-Linked-Etag` both the SHA-256 and
 * `X-Linked-Size`, and maps any revision that is not a known commit to `main`.
 */
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Answer } from './answer.js';
import { xetHashOf } from './blob-info.js';
import { planBody } from './body-plan.js';
import { contentTypeFor } from './content-type.js';
import { isLfsFile } from './hashes.js';
import { lookupFile } from './lookup.js';
import { isSizeProbe } from './range.js';
import type { HubState } from './state.js';

/** A resolve request, parsed. */
export interface ResolveTarget {
  path: string;
  repo: string;
  revision: string;
  file: string;
}

/** What the hub origin answers to a resolve request, before faults. */
export async function resolveAnswer(state: HubState, req: IncomingMessage, target: ResolveTarget): Promise<Answer> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return { kind: 'error', status: 405, message: 'Method not allowed' };
  const found = await lookupFile(state.commits, target.repo, target.revision, target.file);
  if (found.kind === 'error') return found.answer;
  const { commit, file } = found;
  const lfs = isLfsFile(target.file, file.size);

  if (state.mode === 'hub' && lfs) {
    const sha256 = await state.hashes.digest(file.absPath, file.size, file.mtimeMs, 'sha256');
    const sizeQuery = req.method === 'HEAD' || isSizeProbe(req.headers.range);
    const announced = sizeQuery
      ? state.faults.peek({ ...target, applies: () => true }, 'announce-length')?.bytes
      : undefined;
    const headers: OutgoingHttpHeaders = {
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Repo-Commit': commit.sha,
      'X-Linked-Etag': `"${sha256}"`,
      'X-Linked-Size': String(announced ?? file.size),
      'Accept-Ranges': 'bytes',
      Vary: 'Origin, Accept',
    };
    if (state.cdnEtag === 'xet') headers['X-Xet-Hash'] = xetHashOf(sha256);
    const location = state.signer.sign(state.cdnUrl, target.repo, commit.sha, target.file);
    return { kind: 'redirect', status: 302, location, headers };
  }

  const identity = await state.hashes.identity(file.absPath, target.file, file.size, file.mtimeMs);
  const headers: OutgoingHttpHeaders = {
    'Content-Type': contentTypeFor(target.file),
    'Accept-Ranges': 'bytes',
    ETag: identity.etag,
    'X-Repo-Commit': commit.sha,
    'Cache-Control': 'no-store',
  };
  if (state.mode === 'direct' && lfs) {
    headers['X-Linked-Etag'] = identity.etag;
    headers['X-Linked-Size'] = String(file.size);
  }
  return planBody(req, file, identity.etag, headers, state.mode === 'direct');
}
