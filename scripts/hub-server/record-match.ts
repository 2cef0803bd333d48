import type { RecordMatcher, RequestRecord } from './types.js';

/**
 * Whether a record counts for {@link HubServer.countFor}: a string selects GET and HEAD requests
 * whose path (or `owner/name/file`) ends with it; a predicate decides alone.
 */
export function recordMatches(record: RequestRecord, match: RecordMatcher): boolean {
  if (typeof match === 'function') return match(record);
  if (record.method !== 'GET' && record.method !== 'HEAD') return false;
  const repoFile = record.repo !== undefined && record.file !== undefined ? `${record.repo}/${record.file}` : undefined;
  return record.path.endsWith(match) || (repoFile?.endsWith(match) ?? false);
}
