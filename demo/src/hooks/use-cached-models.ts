/** The models stored in IndexedDB, with the origin's storage use; refreshed after each load and delete. */
import { useCallback, useEffect, useState } from 'react';
import { deleteCachedModel, isStoragePersisted, listCachedModels, type CachedModel } from 'qwen3-web';

/** `navigator.storage.estimate()`, when the browser answers, and whether the storage is persistent. */
export interface StorageUse {
  usage: number;
  quota: number;
  persisted: boolean;
}

/** What {@link useCachedModels} returns. */
export interface CachedModels {
  /** `undefined` until the first listing. */
  models: CachedModel[] | undefined;
  storage: StorageUse | undefined;
  /** Deletes one model (its revision and dtype), then lists again. */
  remove(model: CachedModel): Promise<void>;
}

async function estimate(): Promise<StorageUse | undefined> {
  try {
    const [{ usage, quota } = {}, persisted] = await Promise.all([navigator.storage?.estimate?.(), isStoragePersisted()]);
    return typeof quota === 'number' ? { usage: usage ?? 0, quota, persisted } : undefined;
  } catch {
    return undefined;
  }
}

/** Lists cached models now and whenever `refreshKey` changes (pass the loaded model). */
export function useCachedModels(refreshKey: unknown): CachedModels {
  const [models, setModels] = useState<CachedModel[]>();
  const [storage, setStorage] = useState<StorageUse>();

  const refresh = useCallback(async () => {
    const [listed, used] = await Promise.all([listCachedModels(), estimate()]);
    setModels(listed);
    setStorage(used);
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh, refreshKey]);

  const remove = useCallback(
    async (model: CachedModel) => {
      await deleteCachedModel(model.model, { revision: model.commit, dtype: model.dtype });
      await refresh();
    },
    [refresh],
  );

  return { models, storage, remove };
}
