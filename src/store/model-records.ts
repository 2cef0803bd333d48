/**
 * Model-level records: which files a loaded model uses, so that the cache can
 * be listed and deleted per model, revision and dtype.
 */
import { entries, get, set } from 'idb-keyval';
import type { ModelStore } from './model-store.js';
import type { PrefixRecord } from './prefix-store.js';
import { modelKey, type FileRecord, type ModelRecord, type RefRecord } from './records.js';

/** Records (or refreshes) a model after a successful load. */
export async function recordModel(store: ModelStore, model: Omit<ModelRecord, 'kind' | 'createdAt' | 'lastUsedAt'>): Promise<void> {
  const key = modelKey(model.model, model.revision, model.dtype);
  const previous = await get<ModelRecord>(key, store.records);
  const now = Date.now();
  const files = [...new Set([...(previous?.files ?? []), ...model.files])].sort();
  await set(key, { kind: 'model', ...model, files, createdAt: previous?.createdAt ?? now, lastUsedAt: now } satisfies ModelRecord, store.records);
}

/** Every record in the store, split by kind. */
export async function allRecords(store: ModelStore): Promise<{ models: ModelRecord[]; files: FileRecord[]; refs: RefRecord[]; prefixes: PrefixRecord[] }> {
  const all = (await entries<string, ModelRecord | FileRecord | RefRecord | PrefixRecord>(store.records)).map(([, value]) => value);
  return {
    models: all.filter((value): value is ModelRecord => value.kind === 'model'),
    files: all.filter((value): value is FileRecord => value.kind === 'file'),
    refs: all.filter((value): value is RefRecord => value.kind === 'ref'),
    prefixes: all.filter((value): value is PrefixRecord => value.kind === 'prefix'),
  };
}

/** The stored prefixes of one model, commit and dtype, longest first. */
export async function prefixesOf(store: ModelStore, model: string, revision: string, dtype: string): Promise<PrefixRecord[]> {
  const { prefixes } = await allRecords(store);
  return prefixes
    .filter((prefix) => prefix.model === model && prefix.revision === revision && prefix.dtype === dtype)
    .sort((a, b) => b.tokens.length - a.tokens.length);
}
