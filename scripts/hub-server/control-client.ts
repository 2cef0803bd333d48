import { serializeFaultRule } from './fault-rules.js';
import { recordMatches } from './record-match.js';
import type { FaultRule, RecordMatcher, RequestRecord, SerializedFaultRule } from './types.js';

/** The `/__hub/` control endpoints of a server in another process, through `fetch` (Node or browser). */
export interface HubControl {
  /** The server's request log. */
  requests(): Promise<RequestRecord[]>;
  /** Same rules as {@link HubServer.countFor}, over a fresh copy of the log. */
  countFor(match: RecordMatcher): Promise<number>;
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
}

/** Controls the hub server at `baseUrl` (e.g. `http://127.0.0.1:8787`). Imports nothing from Node. */
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
  return {
    requests: () => call('GET', 'requests'),
    countFor: async (match) =>
      (await call<RequestRecord[]>('GET', 'requests')).filter((r) => recordMatches(r, match)).length,
    reset: async () => void (await call('POST', 'reset')),
    setFaults: async (rules) => void (await call('POST', 'faults', rules.map(serializeFaultRule))),
    addFault: async (rule) => void (await call('POST', 'faults', serializeFaultRule(rule))),
    clearFaults: async () => void (await call('DELETE', 'faults')),
    faults: () => call('GET', 'faults'),
  };
}
