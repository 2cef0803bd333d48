/**
 * Branches and the commits they point at in the store. A branch moves to a
 * new commit in one write, once every file of that commit is stored
 * (`switchRef`), so a load never sees a half-downloaded update; the commit it
 * left is then freed, except the files the new one shares with it.
 */
import { del, delMany, get, set } from 'idb-keyval';
import { discardFile } from './file-store.js';
import { deletePrefix } from './prefix-store.js';
import { allRecords } from './model-records.js';
import type { ModelStore } from './model-store.js';
import { modelKey, refKey, type RefRecord } from './records.js';

/** The last complete commit stored for a branch or tag. */
export async function readRef(store: ModelStore, model: string, ref: string): Promise<string | undefined> {
  return (await get<RefRecord>(refKey(model, ref), store.records))?.commit;
}

/**
 * Points `ref` at `commit` (complete in the store), then frees the commit it
 * pointed at before, unless another ref still uses it.
 */
export async function switchRef(store: ModelStore, model: string, ref: string, commit: string): Promise<void> {
  if (ref === commit) return;
  const previous = await readRef(store, model, ref);
  await set(refKey(model, ref), { kind: 'ref', model, ref, commit, updatedAt: Date.now() } satisfies RefRecord, store.records);
  if (previous && previous !== commit) await freeCommit(store, model, previous);
}

/** Deletes the records and unshared bytes of one commit of a model, unless a ref points at it. */
export async function freeCommit(store: ModelStore, model: string, commit: string): Promise<void> {
  const { models, files, refs, prefixes } = await allRecords(store);
  if (refs.some((record) => record.model === model && record.commit === commit)) return;
  // Prefix caches computed with the old weights are of no use with the new ones.
  for (const prefix of prefixes) if (prefix.model === model && prefix.revision === commit) await deletePrefix(store, prefix);
  await delMany(
    models.filter((record) => record.model === model && record.revision === commit).map((record) => modelKey(model, commit, record.dtype)),
    store.records,
  );
  for (const file of files) if (file.model === model && file.revision === commit) await discardFile(store, file);
}

/** Deletes every ref of a model that points at `commit`. */
export async function deleteRefsTo(store: ModelStore, model: string, commit: string): Promise<void> {
  const { refs } = await allRecords(store);
  for (const record of refs) if (record.model === model && record.commit === commit) await del(refKey(model, record.ref), store.records);
}
