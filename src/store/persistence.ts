/**
 * Persistent storage keeps the browser from evicting gigabytes of weights
 * under storage pressure. Browsers may prompt for it (Firefox) or decide from
 * how the site is used (Chromium), so it is asked once, when the first model
 * is stored, not on every load. Only a window may ask (`persist()` is not
 * exposed to workers), so the client does it.
 */
import { get, set } from 'idb-keyval';
import { defaultModelStore, type ModelStore } from './model-store.js';

const ASKED_KEY = 'meta:persistence-asked';

/**
 * Whether the browser has made this origin's storage persistent (it is then
 * evicted only by the user). False where the browser cannot say.
 *
 * @example
 * ```ts
 * import { isStoragePersisted } from 'qwen3-web';
 * if (!(await isStoragePersisted())) console.info('The browser may evict cached models under storage pressure.');
 * ```
 */
export async function isStoragePersisted(): Promise<boolean> {
  const storage = (globalThis.navigator as Navigator | undefined)?.storage;
  return (await storage?.persisted?.().catch(() => false)) ?? false;
}

/**
 * Asks for persistent storage unless it was asked for before (the answer is
 * remembered with the models, so a store the browser evicted asks again).
 * Returns whether the storage is persistent.
 */
export async function requestPersistentStorage(store: ModelStore = defaultModelStore()): Promise<boolean> {
  const storage = (globalThis.navigator as Navigator | undefined)?.storage;
  if (!storage?.persist || (await isStoragePersisted())) return isStoragePersisted();
  if (await get<boolean>(ASKED_KEY, store.records)) return false;
  await set(ASKED_KEY, true, store.records);
  return storage.persist().catch(() => false);
}
