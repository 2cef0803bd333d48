/** The installed app's state (see ../lib/service-worker.ts) and its actions. */
import { useSyncExternalStore } from 'react';
import { activateUpdate, dismissUpdate, serviceWorkerStore, type ServiceWorkerState } from '../lib/service-worker.js';

/** What the page shows about the installed app. */
export interface PwaState extends ServiceWorkerState {
  /** Activates the waiting version and reloads. */
  update(): void;
  /** Hides the update prompt until the next visit. */
  dismiss(): void;
}

/** The service worker's state, kept current. */
export function usePwa(): PwaState {
  const state = useSyncExternalStore(serviceWorkerStore.subscribe, serviceWorkerStore.getSnapshot);
  return { ...state, update: activateUpdate, dismiss: dismissUpdate };
}
