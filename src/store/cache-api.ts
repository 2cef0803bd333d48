/**
 * The cache management API: free functions over an injectable store, in the
 * manner of idb-keyval. They run on the main thread or in a worker.
 */
import { clear, del } from 'idb-keyval';
import { discardFile } from './file-store.js';
import { allRecords } from './model-records.js';
import { defaultModelStore, type ModelStore } from './model-store.js';
import { deletePrefix, type PrefixRecord } from './prefix-store.js';
import { modelKey, refKey, type FileCheck, type ModelRecord, type RefRecord } from './records.js';

/** One cached model, per commit and dtype. */
export interface CachedModel {
  model: string;
  /** The branch or tag it was loaded as (the first, when several point at it), else its commit. */
  revision: string;
  /** The commit SHA its files came from (the revision itself for a host without the hub's API). */
  commit: string;
  /** Branches and tags whose last complete commit this is. */
  refs: string[];
  dtype: string;
  /**
   * Bytes stored for its files (shared files such as the tokenizer count in
   * each) and its stored prefix KV caches (`client.warmPrefix()`).
   */
  bytes: number;
  /** Its stored prefix KV caches: how many, and their bytes (part of `bytes`). */
  prefixes: { count: number; bytes: number };
  /** True when every file is stored and checked. */
  complete: boolean;
  files: string[];
  /**
   * How each complete file was checked: against the SHA-256 or git hash the
   * hub published, or by its size alone when the hub gave no hash.
   */
  checkedBy: Record<string, FileCheck>;
  /** `Date.now()` of the last load. */
  lastUsedAt: number;
}

/** Which cached models a call is about: all revisions and dtypes unless given. */
export interface CachedModelFilter {
  /** A branch or tag name, or a commit SHA. */
  revision?: string;
  dtype?: string;
}

/**
 * Lists cached models, most recently used first.
 *
 * @example
 * ```ts
 * import { listCachedModels } from 'qwen3-web';
 * for (const m of await listCachedModels()) console.log(m.model, m.dtype, m.bytes);
 * ```
 */
export async function listCachedModels(store: ModelStore = defaultModelStore()): Promise<CachedModel[]> {
  const { models, files, refs, prefixes } = await allRecords(store);
  return models
    .map((record) => {
      const own = files.filter((file) => file.model === record.model && file.revision === record.revision && record.files.includes(file.file));
      const ownPrefixes = prefixes.filter((prefix) => isPrefixOf(prefix, record));
      const prefixBytes = ownPrefixes.reduce((sum, prefix) => sum + prefix.bytes, 0);
      const refNames = refsTo(refs, record).sort();
      return {
        model: record.model,
        revision: refNames[0] ?? record.revision,
        commit: record.revision,
        refs: refNames,
        dtype: record.dtype,
        bytes: own.reduce((sum, file) => sum + file.storedBytes, 0) + prefixBytes,
        prefixes: { count: ownPrefixes.length, bytes: prefixBytes },
        complete: own.length === record.files.length && own.every((file) => file.complete),
        files: [...record.files],
        checkedBy: Object.fromEntries(own.flatMap((file) => (file.checkedBy ? [[file.file, file.checkedBy]] : []))),
        lastUsedAt: record.lastUsedAt,
      };
    })
    .sort((a, b) => b.lastUsedAt - a.lastUsedAt);
}

/** True when a complete copy of the model is cached (any revision and dtype unless given). */
export async function hasCachedModel(model: string, filter: CachedModelFilter = {}, store: ModelStore = defaultModelStore()): Promise<boolean> {
  return (await listCachedModels(store)).some((entry) => entry.model === model && entry.complete && matches(entry, filter));
}

/**
 * Deletes a cached model (all revisions and dtypes unless given), including
 * partial downloads of it. Files another cached dtype or commit still uses
 * are kept. Returns the bytes freed.
 */
export async function deleteCachedModel(model: string, filter: CachedModelFilter = {}, store: ModelStore = defaultModelStore()): Promise<number> {
  const { models, files, refs, prefixes } = await allRecords(store);
  const described = (record: ModelRecord) => ({ revision: record.revision, refs: refsTo(refs, record), dtype: record.dtype });
  const doomed = models.filter((record) => record.model === model && matches(described(record), filter));
  const kept = models.filter((record) => !doomed.includes(record));
  const doomedCommits = new Set(doomed.map((record) => record.revision));
  const revisionMatches = (commit: string) =>
    filter.revision === undefined || commit === filter.revision || refs.some((ref) => ref.model === model && ref.commit === commit && ref.ref === filter.revision);
  for (const record of doomed) await del(modelKey(record.model, record.revision, record.dtype), store.records);
  let freed = 0;
  // Its stored prefix caches go with it: they are only valid for these weights.
  for (const prefix of prefixes) if (doomed.some((record) => isPrefixOf(prefix, record))) freed += await deletePrefix(store, prefix);
  // A branch whose commit is no longer cached points nowhere.
  for (const ref of refs) {
    if (ref.model === model && doomedCommits.has(ref.commit) && !kept.some((record) => record.model === model && record.revision === ref.commit)) {
      await del(refKey(model, ref.ref), store.records);
    }
  }
  for (const file of files) {
    if (file.model !== model || !revisionMatches(file.revision)) continue;
    const stillUsed = kept.some((record) => record.model === file.model && record.revision === file.revision && record.files.includes(file.file));
    if (stillUsed) continue;
    // Without a dtype filter every file of the model goes, partial downloads included.
    const ownedByDoomed = doomed.some((record) => record.revision === file.revision && record.files.includes(file.file));
    if (filter.dtype !== undefined && !ownedByDoomed) continue;
    freed += await discardFile(store, file);
  }
  return freed;
}

/** Deletes every cached model and partial download. */
export async function clearCache(store: ModelStore = defaultModelStore()): Promise<void> {
  await clear(store.records);
  await clear(store.chunks);
}

function isPrefixOf(prefix: PrefixRecord, record: ModelRecord): boolean {
  return prefix.model === record.model && prefix.revision === record.revision && prefix.dtype === record.dtype;
}

function refsTo(refs: RefRecord[], record: ModelRecord): string[] {
  return refs.filter((ref) => ref.model === record.model && ref.commit === record.revision).map((ref) => ref.ref);
}

function matches(entry: { revision: string; refs: string[]; dtype: string; commit?: string }, filter: CachedModelFilter): boolean {
  const revisionOk =
    filter.revision === undefined || entry.revision === filter.revision || entry.commit === filter.revision || entry.refs.includes(filter.revision);
  return revisionOk && (filter.dtype === undefined || entry.dtype === filter.dtype);
}
