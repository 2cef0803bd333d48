/**
 * Where model files live: IndexedDB through idb-keyval, in two databases —
 * small records (one per file, one per model) and the file bytes in chunks.
 * Keeping chunks apart means listing models never reads gigabytes.
 *
 * Consistency rule: a chunk is written before the record that counts it, and
 * a record is deleted before its chunks. Whatever is interrupted, a record
 * never claims bytes that are not stored.
 */
import { createStore, type UseStore } from 'idb-keyval';

/** The two idb-keyval stores of a model store. Injectable, as in idb-keyval. */
export interface ModelStore {
  /** Names the store's locks, so that two stores never wait on each other. */
  name: string;
  records: UseStore;
  chunks: UseStore;
}

/** Opens (lazily, on first use) the model store named `name`. */
export function createModelStore(name = 'qwen3-web'): ModelStore {
  return { name, records: createStore(`${name}-records`, 'records'), chunks: createStore(`${name}-chunks`, 'chunks') };
}

let defaultStore: ModelStore | undefined;

/** The SDK's store, created on first use so that importing has no side effects. */
export function defaultModelStore(): ModelStore {
  defaultStore ??= createModelStore();
  return defaultStore;
}
