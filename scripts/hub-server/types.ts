/** Options for {@link createHubServer}. */
export interface HubServerOptions {
  /** Folder holding `{owner}/{name}/…` model folders. Default `models`. */
  root?: string;
  /** Port to listen on; `0` (the default) picks a free one. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
}

/**
 * Selects requests by file: a string matches when it is a substring of the
 * repo-relative file path (`onnx/model.onnx`), of `owner/name/file`, or of the
 * request path; a RegExp is tested against the same three strings.
 */
export type FileMatcher = string | RegExp;

/** What a fault does to a matching request. */
export type FaultAction =
  /** Send headers and `afterBytes` body bytes, then destroy the socket. Only downloads whose body is longer than `afterBytes` (never a HEAD or a `bytes=0-0` probe). */
  | { kind: 'cut'; afterBytes: number }
  /** Wait `ms` before answering. Every request. */
  | { kind: 'delay'; ms: number }
  /** Send the body at `bytesPerSecond`. Only downloads with a body (never a HEAD or a `bytes=0-0` probe). */
  | { kind: 'throttle'; bytesPerSecond: number }
  /** Answer with this status (typically 404, 500 or 503) and a hub-like error body. Every request. */
  | { kind: 'status'; status: number }
  /** Announce the file as `bytes` long on HEAD (Content-Length, X-Linked-Size) and on a `bytes=0-0` probe (Content-Range total, X-Linked-Size); full downloads get the real bytes and headers. */
  | { kind: 'announce-length'; bytes: number }
  /** Destroy the socket without answering. Every request. */
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

/** One request the server received (control requests under `/__hub/` are not recorded). */
export interface RequestRecord {
  /** Increasing number, unique for the server's life. */
  id: number;
  method: string;
  /** Decoded request path, without the query string. */
  path: string;
  /** `owner/name`, for hub-layout paths. */
  repo?: string;
  revision?: string;
  /** Path inside the repo, e.g. `onnx/model.onnx`. */
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

/** Selects records: a suffix of the file path (or `owner/name/file`, or request path), or a predicate over every record. */
export type RecordMatcher = string | ((record: RequestRecord) => boolean);

/** A running hub-like server; see {@link createHubServer}. */
export interface HubServer {
  /** Base URL, e.g. `http://127.0.0.1:43123` (no trailing slash): use it as transformers.js's `env.remoteHost`. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** Absolute path of the models folder. */
  readonly root: string;
  /** URL of a file at the hub layout `/{repo}/resolve/{revision}/{file}`. */
  fileUrl(repo: string, file: string, revision?: string): string;
  /** Stops listening and drops open connections (including stalled or throttled responses). */
  close(): Promise<void>;
  /** A copy of the request log, oldest first. */
  requests(): RequestRecord[];
  /** Counts recorded requests: a string counts GET and HEAD requests whose file ends with it; a predicate sees every record, OPTIONS included. */
  countFor(match: RecordMatcher): number;
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
}
