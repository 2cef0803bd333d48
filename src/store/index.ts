/** The IndexedDB model store: public cache API and the engine's fetch hook. */
export { clearCache, deleteCachedModel, hasCachedModel, listCachedModels, type CachedModel, type CachedModelFilter } from './cache-api.js';
export { createModelStore, defaultModelStore, type ModelStore } from './model-store.js';
export { isStoragePersisted, requestPersistentStorage } from './persistence.js';
