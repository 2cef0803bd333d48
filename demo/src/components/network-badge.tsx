/** A small badge: offline right now, or ready to work offline. */
import type { ReactElement } from 'react';

/** Renders nothing while online and not yet ready for offline use. */
export function NetworkBadge({ online, offlineReady }: { online: boolean; offlineReady: boolean }): ReactElement | null {
  if (!online) {
    return (
      <span className="badge badge--warn" data-state="offline" title="No network: everything runs from this browser">
        <span className="badge__dot" /> Offline
      </span>
    );
  }
  if (!offlineReady) return null;
  return (
    <span className="badge badge--ok" data-state="offline-ready" title="The app is stored in this browser: it opens without a network">
      <span className="badge__dot" /> Works offline
    </span>
  );
}
