/**
 * The service worker (see ../../pwa.ts), registered relative to the page so
 * the site works under any sub-path. A new version waits for the user.
 */
import { useRegisterSW } from 'virtual:pwa-register/react';

/** What the page shows about the installed app. */
export interface PwaState {
  /** A new version is installed and waiting. */
  needRefresh: boolean;
  /** The app shell is cached: the site opens offline. */
  offlineReady: boolean;
  /** Activates the waiting version and reloads. */
  update(): void;
  /** Hides the update prompt until the next visit. */
  dismiss(): void;
}

/** Registers the service worker (once per page). */
export function usePwa(): PwaState {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady],
    updateServiceWorker,
  } = useRegisterSW();
  // A returning visitor's page is controlled from the start: no `offlineReady` event then.
  const controlled = typeof navigator !== 'undefined' && navigator.serviceWorker?.controller != null;
  return {
    needRefresh,
    offlineReady: offlineReady || controlled,
    update: () => void updateServiceWorker(true),
    dismiss: () => setNeedRefresh(false),
  };
}
