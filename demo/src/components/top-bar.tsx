/** The page header: the brand, the network badge and (on small screens) the settings button. */
import type { ReactElement } from 'react';
import { SlidersIcon, SparkIcon } from './icons.js';
import { NetworkBadge } from './network-badge.js';

/** Props of {@link TopBar}. */
export interface TopBarProps {
  online: boolean;
  offlineReady: boolean;
  panelOpen: boolean;
  onTogglePanel: () => void;
}

/** The top bar of the page. */
export function TopBar({ online, offlineReady, panelOpen, onTogglePanel }: TopBarProps): ReactElement {
  return (
    <header className="top-bar">
      <span className="brand__logo" aria-hidden="true">
        <SparkIcon />
      </span>
      <div className="brand">
        <h1 className="brand__name">qwen3-web</h1>
        <p className="brand__tagline">Qwen3 running on your device. Nothing you type leaves this page.</p>
      </div>
      <NetworkBadge online={online} offlineReady={offlineReady} />
      <button
        type="button"
        className="button panel-toggle"
        aria-expanded={panelOpen}
        aria-controls="side-panel"
        onClick={onTogglePanel}
      >
        <SlidersIcon />
        <span>Model &amp; device</span>
      </button>
    </header>
  );
}
