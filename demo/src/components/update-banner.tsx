/** "A new version is available — Reload": a strip under the header while a new service worker waits. */
import type { ReactElement } from 'react';
import type { PwaState } from '../hooks/use-pwa.js';
import { CloseIcon } from './icons.js';

/** The update prompt; renders nothing while no new version waits. */
export function UpdateBanner({ pwa }: { pwa: PwaState }): ReactElement | null {
  if (!pwa.needRefresh) return null;
  return (
    <div className="update-banner" role="status">
      <span>A new version is available</span>
      <button type="button" className="button button--primary button--small" onClick={pwa.update}>
        Reload
      </button>
      <button type="button" className="icon-button" onClick={pwa.dismiss} aria-label="Not now">
        <CloseIcon />
      </button>
    </div>
  );
}
