/** Prefix of the control endpoints; no repo can live under it. */
export const CONTROL_PREFIX = '__hub';

/** An `/api/models/…` endpoint this server answers. */
export interface ApiRoute {
  /** `info`: `…/{repo}[/revision/{rev}]`; `tree`: `…/{repo}/tree/{rev}[/{path}]`; `paths-info`: `…/{repo}/paths-info/{rev}`. */
  endpoint: 'info' | 'tree' | 'paths-info';
  repo: string;
  /** Decoded (`refs%2Fpr%2F1` is `refs/pr/1`); `main` when the URL names none. */
  revision: string;
  /** Folder inside the repo, for `tree`; `''` for the root. */
  folder: string;
}

/** What a hub-origin request path addresses. */
export type HubPath =
  | { kind: 'control'; action: string; path: string }
  | { kind: 'file'; repo: string; revision: string; file: string; path: string }
  /** `/api/…`; `route` is absent for an endpoint this server does not have. */
  | { kind: 'api'; route: ApiRoute | undefined; path: string }
  | { kind: 'invalid'; path: string }
  | { kind: 'other'; path: string };

/** What a CDN-origin request path addresses: `/{repo}/{commit}/{file…}`. */
export type CdnPath =
  | { kind: 'file'; repo: string; commit: string; file: string; path: string }
  | { kind: 'invalid'; path: string }
  | { kind: 'other'; path: string };

/**
 * Parses a raw request target (`req.url`) at the hub layout
 * `/{owner}/{name}/resolve/{revision}/{file…}` (a one-part repo name, `/{name}/resolve/…`, is accepted too),
 * `/api/models/{repo}/…` or `/__hub/{action}`.
 * Any `.` or `..` segment, backslash or NUL, raw or percent-encoded, makes the path invalid.
 */
export function parseHubPath(rawTarget: string): HubPath {
  const decoded = decodeSegments(rawTarget);
  if (decoded.kind === 'invalid') return decoded;
  const { segments, path } = decoded;

  if (segments[0] === CONTROL_PREFIX) {
    return { kind: 'control', action: segments.slice(1).join('/'), path };
  }
  if (segments[0] === 'api') return { kind: 'api', route: parseApiRoute(segments.slice(1)), path };
  const resolveAt = segments[2] === 'resolve' ? 2 : segments[1] === 'resolve' ? 1 : -1;
  if (resolveAt < 0 || segments.length < resolveAt + 2) return { kind: 'other', path };
  const repo = segments.slice(0, resolveAt).join('/');
  if (segments.slice(0, resolveAt).some((s) => s === '')) return { kind: 'other', path };
  const revision = segments[resolveAt + 1] ?? '';
  const file = segments.slice(resolveAt + 2).join('/');
  return { kind: 'file', repo, revision, file, path };
}

/** Parses a CDN request target: `/{owner}/{name}/{commit}/{file…}` (or `/{name}/{commit}/{file…}`). */
export function parseCdnPath(rawTarget: string): CdnPath {
  const decoded = decodeSegments(rawTarget);
  if (decoded.kind === 'invalid') return decoded;
  const { segments, path } = decoded;
  const commitAt = isCommitSha(segments[2]) ? 2 : isCommitSha(segments[1]) ? 1 : -1;
  const file = segments.slice(commitAt + 1).join('/');
  const repoParts = segments.slice(0, commitAt);
  if (commitAt < 0 || file === '' || repoParts.some((s) => s === '')) return { kind: 'other', path };
  return { kind: 'file', repo: repoParts.join('/'), commit: segments[commitAt]!.toLowerCase(), file, path };
}

const API_ENDPOINTS = new Set(['revision', 'tree', 'paths-info']);

/** `models/{repo}[/revision/{rev}]`, `models/{repo}/tree/{rev}[/{folder…}]`, `models/{repo}/paths-info/{rev}`. */
function parseApiRoute(segments: string[]): ApiRoute | undefined {
  if (segments[0] !== 'models') return undefined;
  const rest = segments.slice(1);
  const at = API_ENDPOINTS.has(rest[2] ?? '') ? 2 : API_ENDPOINTS.has(rest[1] ?? '') ? 1 : -1;
  if (at < 0) {
    // `models/{owner}/{name}` or `models/{name}`: the model at `main`.
    if (rest.length < 1 || rest.length > 2 || rest.some((s) => s === '')) return undefined;
    return { endpoint: 'info', repo: rest.join('/'), revision: 'main', folder: '' };
  }
  const repoParts = rest.slice(0, at);
  const keyword = rest[at];
  const revision = rest[at + 1];
  if (repoParts.some((s) => s === '') || revision === undefined || revision === '') return undefined;
  const tail = rest.slice(at + 2);
  const repo = repoParts.join('/');
  if (keyword === 'tree') return { endpoint: 'tree', repo, revision, folder: tail.filter((s) => s !== '').join('/') };
  if (tail.some((s) => s !== '')) return undefined;
  return { endpoint: keyword === 'revision' ? 'info' : 'paths-info', repo, revision, folder: '' };
}

function decodeSegments(rawTarget: string): { kind: 'ok'; segments: string[]; path: string } | { kind: 'invalid'; path: string } {
  const rawPath = rawTarget.split(/[?#]/, 1)[0] ?? '';
  const rawSegments = rawPath.split('/').slice(1);
  let segments: string[];
  try {
    segments = rawSegments.map((s) => decodeURIComponent(s));
  } catch {
    return { kind: 'invalid', path: rawPath };
  }
  const path = '/' + segments.join('/');
  // Decoding can reveal new separators (`%2F`), so check the decoded parts again.
  if (!segments.join('/').split('/').every(isSafeSegment)) return { kind: 'invalid', path };
  return { kind: 'ok', segments, path };
}

function isCommitSha(segment: string | undefined): boolean {
  return segment !== undefined && /^[0-9a-f]{40}$/i.test(segment);
}

function isSafeSegment(segment: string): boolean {
  return segment !== '.' && segment !== '..' && !segment.includes('\\') && !segment.includes('\0');
}
