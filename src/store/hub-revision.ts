/**
 * Asks the hub's API which commit a branch points at, and the size and
 * content hash of every file in that commit: one small request,
 * `GET {host}/api/models/{repo}/revision/{rev}?blobs=true` (as
 * huggingface_hub's `model_info(files_metadata=True)` does). Each sibling
 * gives `size`, a git `blobId`, and for LFS files `lfs.sha256`: the only
 * SHA-256 a browser can see, because the resolve endpoint's `X-Linked-Etag`
 * sits on a cross-origin redirect.
 *
 * Hand-written rather than through `@huggingface/hub`: it is one GET whose
 * answer we read two fields of, and that package's per-file metadata
 * (`fileDownloadInfo`) reads the redirect's headers, which a browser hides.
 */
import { Qwen3Error } from '../errors.js';
import type { ExpectedFile } from './records.js';

/** A commit of a model repo and what the hub says about its files. */
export interface HubRevision {
  commit: string;
  files: Map<string, ExpectedFile>;
}

/** The hub's answer: the revision, a repo or revision it does not have, or a host without the API. */
export type HubRevisionAnswer = { kind: 'revision'; revision: HubRevision } | { kind: 'no-api'; status: number };

interface Sibling {
  rfilename?: unknown;
  size?: unknown;
  blobId?: unknown;
  lfs?: { sha256?: unknown; size?: unknown } | null;
}

const COMMIT = /^[0-9a-f]{40}$/;
const SHA256 = /^[0-9a-f]{64}$/;
/** The hub's error codes that mean the model, or the revision, does not exist (or is not public). */
const NOT_FOUND_CODES = new Set(['RepoNotFound', 'RevisionNotFound', 'GatedRepo', 'EntryNotFound']);

/**
 * Fetches a revision through `network` (which throws `NETWORK` when the host
 * cannot be reached). A repo or revision the hub says does not exist is
 * `MODEL_NOT_FOUND`; any other answer without a usable body is `no-api` (a
 * static mirror, an old server), and the caller falls back to what the
 * files' own headers say.
 */
export async function fetchHubRevision(
  network: (url: string, init?: RequestInit) => Promise<Response>,
  host: string,
  model: string,
  revision: string,
): Promise<HubRevisionAnswer> {
  const url = `${host.replace(/\/+$/, '')}/api/models/${model}/revision/${encodeURIComponent(revision)}?blobs=true`;
  const response = await network(url, { cache: 'no-store' });
  const errorCode = response.headers.get('x-error-code') ?? '';
  if (NOT_FOUND_CODES.has(errorCode)) {
    await response.body?.cancel();
    throw new Qwen3Error(
      'MODEL_NOT_FOUND',
      `The hub at ${host} has no ${errorCode === 'RevisionNotFound' ? `revision "${revision}" of` : 'public model'} "${model}" (${errorCode}). Check the model id, the revision and the host.`,
      { details: { model, revision, host, status: response.status, hubError: errorCode } },
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { kind: 'no-api', status: response.status };
  }
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = parseRevision(body);
  return parsed ? { kind: 'revision', revision: parsed } : { kind: 'no-api', status: response.status };
}

function parseRevision(body: unknown): HubRevision | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { sha, siblings } = body as { sha?: unknown; siblings?: unknown };
  if (typeof sha !== 'string' || !COMMIT.test(sha) || !Array.isArray(siblings)) return undefined;
  const files = new Map<string, ExpectedFile>();
  for (const sibling of siblings as Sibling[]) {
    if (typeof sibling?.rfilename !== 'string') continue;
    const lfs = sibling.lfs ?? undefined;
    const size = Number(lfs?.size ?? sibling.size);
    if (!Number.isSafeInteger(size) || size < 0) continue;
    const sha256 = typeof lfs?.sha256 === 'string' && SHA256.test(lfs.sha256) ? lfs.sha256 : undefined;
    // A small file's blobId is the git id of its content; an LFS file's is the id of its pointer.
    const gitOid = !lfs && typeof sibling.blobId === 'string' && COMMIT.test(sibling.blobId) ? sibling.blobId : undefined;
    files.set(sibling.rfilename, { size, sha256, gitOid });
  }
  return { commit: sha, files };
}
