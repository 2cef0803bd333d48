import type { CdnSigner } from './cdn-urls.js';
import type { CommitStore } from './commits.js';
import type { FaultStore } from './fault-store.js';
import type { HashCache } from './hashes.js';
import type { RequestLog } from './request-log.js';
import type { CdnEtagMode, HubMode } from './types.js';

/** What every handler of one server shares. */
export interface HubState {
  readonly root: string;
  readonly mode: HubMode;
  /** Whether `/api/` is served. */
  readonly api: boolean;
  /** The CDN's ETag kind, changed at runtime by `setCdnEtag`. */
  cdnEtag: CdnEtagMode;
  /** The CDN origin, known once it listens. */
  cdnUrl: string;
  readonly log: RequestLog;
  readonly faults: FaultStore;
  readonly hashes: HashCache;
  readonly commits: CommitStore;
  readonly signer: CdnSigner;
}
