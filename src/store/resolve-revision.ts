/**
 * Which commit a load uses. Online, the hub's API names the commit a branch
 * points at now (one small request); files are then requested at, and stored
 * under, that commit, so files of two commits never mix. Offline, or when the
 * host has no API, the last commit stored complete for that branch loads with
 * no request at all.
 */
import { Qwen3Error } from '../errors.js';
import { fetchHubRevision } from './hub-revision.js';
import type { ModelStore } from './model-store.js';
import type { ExpectedFile } from './records.js';
import { readRef } from './refs.js';

/** The commit a load works on. */
export interface ResolvedRevision {
  /** The commit SHA files are requested at and stored under; the revision as given when no commit is known. */
  commit: string;
  /** Size and hashes of the commit's files, when the hub's API gave them. */
  files: Map<string, ExpectedFile> | undefined;
  /** `hub`: named by the API now; `stored`: the last complete commit in the store; `unversioned`: neither. */
  source: 'hub' | 'stored' | 'unversioned';
}

/** Resolves `revision` (a branch, tag or commit) of `model`. */
export async function resolveRevision(options: {
  store: ModelStore;
  network: (url: string, init?: RequestInit) => Promise<Response>;
  host: string;
  model: string;
  revision: string;
}): Promise<ResolvedRevision> {
  const { store, network, host, model, revision } = options;
  try {
    const answer = await fetchHubRevision(network, host, model, revision);
    if (answer.kind === 'revision') return { commit: answer.revision.commit, files: answer.revision.files, source: 'hub' };
  } catch (error) {
    // Offline, or the hub is failing: what is stored still loads.
    if (!Qwen3Error.isInstance(error) || error.code !== 'NETWORK') throw error;
  }
  const stored = await readRef(store, model, revision);
  if (stored) return { commit: stored, files: undefined, source: 'stored' };
  // A commit SHA given as the revision, or files stored by a host without the API, are keyed by the revision itself.
  return { commit: revision, files: undefined, source: 'unversioned' };
}
