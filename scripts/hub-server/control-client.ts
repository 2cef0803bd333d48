import { serializeFaultRule } from './fault-rules.js';
import { recordMatches } from './record-match.js';
import type { CdnEtagMode, CommitChange, FaultRule, HubInfo, RecordMatcher, RequestRecord, SerializedFaultRule } from './types.js';

/** The `/__hub/` control endpoints of a server in another process, through `fetch` (Node or browser). */
export interface HubControl {
  /** The server's URLs and settings. */
  info(): Promise<HubInfo>;
  /** The server's request log. */
  requests(): Promise<RequestRecord[]>;
  /** Same rules as {@link HubServer.countFor}, over a fresh copy of the log. */
  countFor(match: RecordMatcher): Promise<number>;
  /** Same rules as {@link HubServer.bytesServed}, over a fresh copy of the log. */
  bytesServed(match?: RecordMatcher): Promise<number>;
  /** Empties the log. */
  reset(): Promise<void>;
  /** Replaces the rules (RegExp matchers travel as `{ regex, flags }`). */
  setFaults(rules: readonly FaultRule[]): Promise<void>;
  /** Appends a rule. */
  addFault(rule: FaultRule): Promise<void>;
  /** Removes every rule. */
  clearFaults(): Promise<void>;
  /** The active rules in their JSON form. */
  faults(): Promise<SerializedFaultRule[]>;
  /** See {@link HubServer.publishCommit}; the files travel as base64. */
  publishCommit(repo: string, change: CommitChange): Promise<string>;
  /** See {@link HubServer.commitOf}. */
  commitOf(repo: string, revision?: string): Promise<string>;
  /** See {@link HubServer.setCdnEtag}. */
  setCdnEtag(mode: CdnEtagMode): Promise<void>;
}

/** Controls the hub server at `baseUrl` (its hub origin, e.g. `http://127.0.0.1:8787`). Imports nothing from Node. */
export function connectHubControl(baseUrl: string): HubControl {
  const base = baseUrl.replace(/\/+$/, '');
  async function call<T>(method: string, action: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base}/__hub/${action}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
    });
    const value = (await response.json()) as T | { error: string };
    if (!response.ok) throw new Error(`hub control ${method} ${action}: ${(value as { error: string }).error}`);
    return value as T;
  }
  const log = (): Promise<RequestRecord[]> => call('GET', 'requests');
  return {
    info: () => call('GET', 'info'),
    requests: log,
    countFor: async (match) => (await log()).filter((r) => recordMatches(r, match)).length,
    bytesServed: async (match) =>
      (await log())
        .filter((r) => r.method === 'GET' && (match === undefined || recordMatches(r, match)))
        .reduce((sum, r) => sum + r.bytesSent, 0),
    reset: async () => void (await call('POST', 'reset')),
    setFaults: async (rules) => void (await call('POST', 'faults', rules.map(serializeFaultRule))),
    addFault: async (rule) => void (await call('POST', 'faults', serializeFaultRule(rule))),
    clearFaults: async () => void (await call('DELETE', 'faults')),
    faults: () => call('GET', 'faults'),
    publishCommit: async (repo, change) => {
      const files = Object.fromEntries(Object.entries(change.files ?? {}).map(([path, bytes]) => [path, toBase64(bytes)]));
      const body = { repo, files, delete: change.delete ?? [], ...(change.message === undefined ? {} : { message: change.message }) };
      return (await call<{ sha: string }>('POST', 'commit', body)).sha;
    },
    commitOf: async (repo, revision = 'main') =>
      (await call<{ sha: string }>('GET', `commit?${new URLSearchParams({ repo, revision })}`)).sha,
    setCdnEtag: async (mode) => void (await call('POST', 'cdn-etag', { mode })),
  };
}

/** Base64 without Node's Buffer, a chunk at a time (spreading a whole file would overflow the stack). */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
