/** Outcome of reading a Range header against a file size. */
export type RangeRequest =
  | { kind: 'none' }
  | { kind: 'range'; start: number; end: number }
  | { kind: 'unsatisfiable' };

/**
 * Reads a single `bytes=a-b`, `bytes=a-` or `bytes=-n` range; `end` is inclusive and clamped to the file.
 * Malformed and multi-range headers are ignored (RFC 9110 allows serving the whole file instead).
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'none' };
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return { kind: 'none' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'none' };

  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return { kind: 'none' };
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return { kind: 'range', start, end };
}

/** Whether a Range header is transformers.js's size probe. */
export function isSizeProbe(header: string | undefined): boolean {
  return header !== undefined && /^\s*bytes\s*=\s*0\s*-\s*0\s*$/i.test(header);
}
