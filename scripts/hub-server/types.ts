/**
 * How the server answers `/{repo}/resolve/{revision}/{file}`:
 * - `hub` (the default) behaves like huggingface.co: LFS files answer `302` to a second origin
 *   (the CDN) with the hub's `X-Linked-*` headers on the redirect, small files answer directly,
 *   revisions are `main` or a commit SHA, and the `/api/` endpoints describe each commit.
 * - `direct` answers every file itself, with `X-Linked-*` on the file response, and maps any
 *   revision other than a known commit SHA to `main` (a static mirror that is too polite).
 */
export type HubMode = 'hub' | 'direct';

/**
 * The ETag the CDN origin sends for a file:
 * - `xet`: a 64-hex Xet hash, as `cas-bridge.xethub.hf.co` / `*.cdn.hf.co` send today. Same length
 *   as a SHA-256, but not the file's SHA-256: the trap this mode exists for.
 * - `sha256`: the file's SHA-256 (the LFS object id).
 * - `md5`: a 32-hex MD5, as S3 and CloudFront send for objects uploaded in one part.
 */
export type CdnEtagMode = 'xet' | 'sha256' | 'md5';

/** Options for {@link createHubServer}. */
export interface HubServerOptions {
  /** Folder holding `{owner}/{name}/…` model folders. Default `models`. */
  root?: string;
  /** Port of the hub origin; `0` (the default) picks a free one. The CDN origin always picks a free port. */
  port?: number;
  /** Interface to bind (both origins). Default `127.0.0.1`. */
  host?: string;
  /** Default `hub`; see {@link HubMode}. */
  mode?: HubMode;
  /** Default `xet`; see {@link CdnEtagMode}. Change it later with {@link HubServer.setCdnEtag}. */
  cdnEtag?: CdnEtagMode;
  /** Serve the `/api/` endpoints (default `true`). `false` answers them `404` without `X-Error-Code`, like a static mirror. */
  api?: boolean;
}

/**
 * Selects requests by file: a string matches when it is a substring of the
 * repo-relative file path (`onnx/model.onnx`), of `owner/name/file`, or of the
 * request path; a RegExp is tested against the same three strings.
 * API requests have no file: match them by path (`/api/`).
 */
export type FileMatcher = string | RegExp;

/**
 * What a fault does to a matching request. In hub mode one download of an LFS file is two
 * requests, the hub's `302` and the CDN's answer: each kind acts on the first of them it can change.
 */
export type FaultAction =
  /** Send headers and `afterBytes` body bytes, then destroy the socket. Only downloads whose body is longer than `afterBytes` (never a HEAD, a `302`, an API answer or a `bytes=0-0` probe). */
  | { kind: 'cut'; afterBytes: number }
  /** Wait `ms` before answering. Every request: a `302` and API requests too. */
  | { kind: 'delay'; ms: number }
  /** Send the body at `bytesPerSecond`. Only downloads with a body (never a HEAD, a `302`, an API answer or a `bytes=0-0` probe). */
  | { kind: 'throttle'; bytesPerSecond: number }
  /** Answer with this status (typically 404, 500 or 503) and a hub-like error body. Every request: a `302` and API requests too. */
  | { kind: 'status'; status: number }
  /**
   * Announce the file as `bytes` long on HEAD (Content-Length, and X-Linked-Size in direct mode) and on a
   * `bytes=0-0` probe (Content-Range total); full downloads get the real bytes and headers. The hub's `302`
   * (X-Linked-Size on a HEAD or probe) and the API (`size`, `lfs.size`) show an active rule without using up its `times`.
   */
  | { kind: 'announce-length'; bytes: number }
  /** Flip one byte (xor 0xff) at absolute file offset `atByte`, in a body that covers it (a CDN or direct body, not a HEAD). */
  | { kind: 'corrupt'; atByte: number }
  /** Destroy the socket without answering. Every request: a `302` and API requests too. */
  | { kind: 'offline' };

/** The kinds of {@link FaultAction}. */
export type FaultKind = FaultAction['kind'];

/**
 * A fault and the requests it applies to. `times` counts the requests it is
 * actually applied to (default: unlimited). When several rules match a
 * request, the first applicable rule of each kind applies.
 */
export type FaultRule = FaultAction & { match: FileMatcher; times?: number };

/** A {@link FileMatcher} in JSON: a substring, or a regular expression's source and flags. */
export type SerializedMatcher = string | { regex: string; flags?: string };

/** A {@link FaultRule} in JSON, as `POST /__hub/faults` takes it and `GET /__hub/faults` returns it. */
export type SerializedFaultRule = FaultAction & { match: SerializedMatcher; times?: number };

/** How a request ended: still running, fully answered, or cut short (fault or client abort). */
export type RequestOutcome = 'pending' | 'complete' | 'aborted';

/**
 * Which origin answered: `hub` (resolve URLs and anything else on the hub's port), `api`
 * (`/api/` on the hub's port) or `cdn` (the second origin that serves LFS bytes in hub mode).
 */
export type RequestOrigin = 'hub' | 'cdn' | 'api';

/**
 * One request the server received (control requests under `/__hub/` are not recorded).
 * In hub mode one download of an LFS file is two records: the hub's `302` (origin `hub`,
 * `bytesSent` 0) and the CDN's `200`/`206` (origin `cdn`, carrying the bytes).
 */
export interface RequestRecord {
  /** Increasing number, unique for the server's life. */
  id: number;
  origin: RequestOrigin;
  method: string;
  /** Decoded request path, without the query string. */
  path: string;
  /** `owner/name`, for resolve, CDN and API paths. */
  repo?: string;
  /** The revision as requested; on CDN records, the commit SHA the redirect named. */
  revision?: string;
  /** Path inside the repo, e.g. `onnx/model.onnx` (resolve and CDN records). */
  file?: string;
  /** The Range header as sent. */
  range?: string;
  /** Status sent; 0 while pending or when the socket was destroyed before answering. */
  status: number;
  /** Body bytes written. */
  bytesSent: number;
  /** `Date.now()` when the request arrived. */
  time: number;
  /** Milliseconds from arrival to the end of the response; absent while pending. */
  durationMs?: number;
  outcome: RequestOutcome;
  /** Kinds of the faults applied to this request. */
  faults: FaultKind[];
}

/**
 * Selects records: a string counts GET and HEAD records whose file path (or `owner/name/file`,
 * or request path) ends with it, whichever origin answered; a predicate sees every record.
 */
export type RecordMatcher = string | ((record: RequestRecord) => boolean);

/** A new commit for {@link HubServer.publishCommit}: files to add or replace, and paths to delete. */
export interface CommitChange {
  /** Repo-relative path → new content. */
  files?: Record<string, Uint8Array>;
  /** Repo-relative files (or folders, with everything in them) to remove. */
  delete?: readonly string[];
  /** Commit title, shown as `lastCommit.title` by the API's `expand`. */
  message?: string;
}

/** What a server reports of itself (`GET /__hub/info`). */
export interface HubInfo {
  url: string;
  cdnUrl: string;
  mode: HubMode;
  cdnEtag: CdnEtagMode;
  api: boolean;
}

/** A running hub-like server; see {@link createHubServer}. */
export interface HubServer {
  /** Hub origin, e.g. `http://127.0.0.1:43123` (no trailing slash): use it as transformers.js's `env.remoteHost`. */
  readonly url: string;
  /** CDN origin that LFS redirects point at (another port of the same host); equals {@link url} in direct mode. */
  readonly cdnUrl: string;
  readonly port: number;
  readonly host: string;
  /** Absolute path of the models folder. */
  readonly root: string;
  readonly mode: HubMode;
  /** URL of a file at the hub layout `/{repo}/resolve/{revision}/{file}`. */
  fileUrl(repo: string, file: string, revision?: string): string;
  /** Stops listening on both origins, drops open connections and removes published commits' files. */
  close(): Promise<void>;
  /** A copy of the request log, oldest first. */
  requests(): RequestRecord[];
  /**
   * Counts recorded requests: a string counts GET and HEAD requests whose file ends with it (in hub mode
   * an LFS download counts twice, the `302` and the CDN answer); a predicate sees every record, OPTIONS included.
   */
  countFor(match: RecordMatcher): number;
  /** Body bytes sent by GET requests (every GET, or those `match` selects as in {@link countFor}). */
  bytesServed(match?: RecordMatcher): number;
  /** Empties the request log (faults stay). */
  reset(): void;
  /** Replaces the fault rules. */
  setFaults(rules: readonly FaultRule[]): void;
  /** Appends a fault rule. */
  addFault(rule: FaultRule): void;
  /** Removes every fault rule. */
  clearFaults(): void;
  /** The active rules, `times` showing what is left. */
  faults(): FaultRule[];
  /**
   * Commits `change` on top of `repo`'s `main`, moves `main` to it and resolves to its SHA. Older
   * commits stay reachable by SHA (resolve, CDN and API). Rejects for an unknown repo or a bad path.
   */
  publishCommit(repo: string, change: CommitChange): Promise<string>;
  /** The commit SHA `revision` (default `main`) names; rejects when the repo or revision does not exist. */
  commitOf(repo: string, revision?: string): Promise<string>;
  /** Changes the CDN's ETag from the next request on. */
  setCdnEtag(mode: CdnEtagMode): void;
}
