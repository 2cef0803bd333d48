/**
 * The cache management API: free functions over an injectable store, in the
 * manner of idb-keyval. They run on the main thread or in a worker.
 */
import { clear, del } from 'idb-keyval';
import { discardFile } from './file-store.js';
import { allRecords } from './model-records.js';
import { defaultModelStore, type ModelStore } from './model-store.js';
import { modelKey } from './records.js';

/** One cached model, per revision and dtype. */
export interface CachedModel {
  model: string;
  revision: string;
  dtype: string;
  /** Bytes stored for its files (shared files such as the tokenizer count in each). */
  bytes: number;
  /** True when every file is stored and checked. */
  complete: boolean;
  files: string[];
  /** `Date.now()` of the last load. */
  lastUsedAt: number;
}

/** Which cached models a call is about: all revisions and dtypes unless given. */
export interface CachedModelFilter {
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
  const { models, files } = await allRecords(store);
  return models
    .map((record) => {
      const own = files.filter((file) => file.model === record.model && file.revision === record.revision && record.files.includes(file.file));
      return {
        model: record.model,
        revision: record.revision,
        dtype: record.dtype,
        bytes: own.reduce((sum, file) => sum + file.storedBytes, 0),
        complete: own.length === record.files.length && own.every((file) => file.complete),
        files: [...record.files],
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
 * partial downloads of it. Files another cached dtype still uses are kept.
 * Returns the bytes freed.
 */
export async function deleteCachedModel(model: string, filter: CachedModelFilter = {}, store: ModelStore = defaultModelStore()): Promise<number> {
  const { models, files } = await allRecords(store);
  const doomed = models.filter((record) => record.model === model && matches(record, filter));
  const kept = models.filter((record) => !doomed.includes(record));
  for (const record of doomed) await del(modelKey(record.model, record.revision, record.dtype), store.records);
  let freed = 0;
  for (const file of files) {
    if (file.model !== model || (filter.revision !== undefined && file.revision !== filter.revision)) continue;
    const stillUsed = kept.some((record) => record.model === file.model && record.revision === file.revision && record.files.includes(file.file));
    if (stillUsed) continue;
    // Without a dtype filter every file of the model goes, partial downloads included.
    const ownedByDoomed = doomed.some((record) => record.revision === file.revision && record.files.includes(file.file));
    if (filter.dtype !== undefined && !ownedByDoomed) continue;
    freed += file.storedBytes;
    await discardFile(store, file);
  }
  return freed;
}

/** Deletes every cached model and partial download. */
export async function clearCache(store: ModelStore = defaultModelStore()): Promise<void> {
  await clear(store.records);
  await clear(store.chunks);
}

function matches(entry: { revision: string; dtype: string }, filter: CachedModelFilter): boolean {
  return (filter.revision === undefined || entry.revision === filter.revision) && (filter.dtype === undefined || entry.dtype === filter.dtype);
}
