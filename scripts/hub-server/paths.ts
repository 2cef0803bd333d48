/** Prefix of the control endpoints; no repo can live under it. */
export const CONTROL_PREFIX = '__hub';

/** What a request path addresses. */
export type HubPath =
  | { kind: 'control'; action: string; path: string }
  | { kind: 'file'; repo: string; revision: string; file: string; path: string }
  | { kind: 'invalid'; path: string }
  | { kind: 'other'; path: string };

/**
 * Parses a raw request target (`req.url`) at the hub layout
 * `/{owner}/{name}/resolve/{revision}/{file…}` (a one-part repo name, `/{name}/resolve/…`, is accepted too).
 * Any `.` or `..` segment, backslash or NUL, raw or percent-encoded, makes the path invalid.
 */
export function parseHubPath(rawTarget: string): HubPath {
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

  if (segments[0] === CONTROL_PREFIX) {
    return { kind: 'control', action: segments.slice(1).join('/'), path };
  }
  const resolveAt = segments[2] === 'resolve' ? 2 : segments[1] === 'resolve' ? 1 : -1;
  if (resolveAt < 0 || segments.length < resolveAt + 2) return { kind: 'other', path };
  const repo = segments.slice(0, resolveAt).join('/');
  if (segments.slice(0, resolveAt).some((s) => s === '')) return { kind: 'other', path };
  const revision = segments[resolveAt + 1] ?? '';
  const file = segments.slice(resolveAt + 2).join('/');
  return { kind: 'file', repo, revision, file, path };
}

function isSafeSegment(segment: string): boolean {
  return segment !== '.' && segment !== '..' && !segment.includes('\\') && !segment.includes('\0');
}
