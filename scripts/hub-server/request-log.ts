import { recordMatches } from './record-match.js';
import type { RecordMatcher, RequestRecord } from './types.js';

/** The server's request log. Records are mutated in place until their response ends. */
export class RequestLog {
  #records: RequestRecord[] = [];
  #nextId = 1;

  /** Opens a record for a request that has just arrived. */
  open(init: Pick<RequestRecord, 'origin' | 'method' | 'path' | 'repo' | 'revision' | 'file' | 'range'>): RequestRecord {
    const record: RequestRecord = {
      id: this.#nextId++,
      ...init,
      status: 0,
      bytesSent: 0,
      time: Date.now(),
      outcome: 'pending',
      faults: [],
    };
    this.#records.push(record);
    return record;
  }

  /** Copies of every record, oldest first. */
  all(): RequestRecord[] {
    return this.#records.map((r) => ({ ...r, faults: [...r.faults] }));
  }

  /** See {@link HubServer.countFor}. */
  count(match: RecordMatcher): number {
    return this.all().filter((r) => recordMatches(r, match)).length;
  }

  /** See {@link HubServer.bytesServed}. */
  bytesServed(match?: RecordMatcher): number {
    return this.all()
      .filter((r) => r.method === 'GET' && (match === undefined || recordMatches(r, match)))
      .reduce((sum, r) => sum + r.bytesSent, 0);
  }

  /** Forgets every record; requests still running keep updating their own (now detached) record. */
  reset(): void {
    this.#records = [];
  }
}
