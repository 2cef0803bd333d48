/**
 * The models stored in this browser (`listCachedModels`), with their sizes,
 * a delete button each (`deleteCachedModel`) and the total.
 */
import { useState, type ReactElement } from 'react';
import { findModel, type CachedModel, type LoadedModel } from 'qwen3-web';
import type { CachedModels as CachedModelsState } from '../hooks/use-cached-models.js';
import { formatBytes } from '../lib/format.js';
import { TrashIcon } from './icons.js';
import { PanelSection } from './panel-section.js';

/** Props of {@link CachedModels}. */
export interface CachedModelsProps {
  cache: CachedModelsState;
  loaded: LoadedModel | undefined;
}

/** The stored-models card. */
export function CachedModels({ cache, loaded }: CachedModelsProps): ReactElement {
  const { models, storage } = cache;
  const total = models?.reduce((sum, model) => sum + model.bytes, 0) ?? 0;
  return (
    <PanelSection title="Stored models" className="cached-models" aside={models && models.length > 0 ? <span data-field="total">{formatBytes(total)}</span> : undefined}>
      {models === undefined ? (
        <p className="muted">Reading the browser's storage…</p>
      ) : models.length === 0 ? (
        <p className="muted">Nothing stored yet. A model downloads once, then loads from this browser, offline too.</p>
      ) : (
        <ul className="stored">
          {models.map((model) => (
            <StoredModel
              key={`${model.model}@${model.commit}/${model.dtype}`}
              model={model}
              inUse={loaded?.model === model.model && loaded.dtype === model.dtype && loaded.commit === model.commit}
              onDelete={() => cache.remove(model)}
            />
          ))}
        </ul>
      )}
      {storage && (
        <p className="muted small">
          This site uses {formatBytes(storage.usage)} of the {formatBytes(storage.quota)} the browser allows it.{' '}
          <span data-field="persisted">
            {storage.persisted ? 'The storage is persistent.' : 'The browser may evict it under storage pressure; a model then downloads again.'}
          </span>
        </p>
      )}
    </PanelSection>
  );
}

function StoredModel({ model, inUse, onDelete }: { model: CachedModel; inUse: boolean; onDelete: () => Promise<void> }): ReactElement {
  const [deleting, setDeleting] = useState(false);
  const label = findModel(model.model)?.label ?? model.model;
  const revision = model.revision === 'main' ? '' : ` · ${model.revision}`;
  const remove = (): void => {
    setDeleting(true);
    void onDelete().finally(() => setDeleting(false));
  };
  return (
    <li className="stored__item" data-model={model.model} data-dtype={model.dtype}>
      <span className="stored__text">
        <span className="stored__name">
          {label}
          {inUse && <span className="tag tag--accent">In use</span>}
          {!model.complete && <span className="tag tag--warn">Partial</span>}
        </span>
        <span className="stored__detail">
          {model.dtype}
          {revision} · <span data-field="size">{formatBytes(model.bytes)}</span>
        </span>
      </span>
      <button
        type="button"
        className="icon-button icon-button--danger"
        onClick={remove}
        disabled={deleting}
        aria-label={`Delete ${label} (${model.dtype})`}
        title={inUse ? 'Delete (the model stays loaded until you reload)' : 'Delete'}
      >
        <TrashIcon />
      </button>
    </li>
  );
}
