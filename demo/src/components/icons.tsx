/** The demo's few inline icons (decorative: always aria-hidden). */
import type { ReactElement, ReactNode } from 'react';

function Icon({ children }: { children: ReactNode }): ReactElement {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      width="1em"
      height="1em"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

/** The qwen3-web spark (as in the chat's header and the app icon). */
export const SparkIcon = (): ReactElement => (
  <Icon>
    <path d="M12 3v3M12 18v3M3 12h3M18 12h3M5.6 5.6l2.1 2.1M16.3 16.3l2.1 2.1M5.6 18.4l2.1-2.1M16.3 7.7l2.1-2.1" />
  </Icon>
);

/** Sliders: the settings panel. */
export const SlidersIcon = (): ReactElement => (
  <Icon>
    <path d="M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0" />
    <circle cx="16" cy="6" r="2" />
    <circle cx="10" cy="12" r="2" />
    <circle cx="18" cy="18" r="2" />
  </Icon>
);

/** A cross: close, dismiss. */
export const CloseIcon = (): ReactElement => (
  <Icon>
    <path d="M6 6l12 12M18 6 6 18" />
  </Icon>
);

/** A bin: delete. */
export const TrashIcon = (): ReactElement => (
  <Icon>
    <path d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V5a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v2" />
  </Icon>
);

/** Two sheets: copy. */
export const CopyIcon = (): ReactElement => (
  <Icon>
    <rect x="9" y="9" width="11" height="11" rx="2" />
    <path d="M5 15V6a2 2 0 0 1 2-2h9" />
  </Icon>
);

/** A tick: done. */
export const CheckIcon = (): ReactElement => (
  <Icon>
    <path d="m5 12.5 4.5 4.5L19 7.5" />
  </Icon>
);

/** A cloud with a slash: the hub cannot be reached. */
export const CloudOffIcon = (): ReactElement => (
  <Icon>
    <path d="M7 18h10.5a4 4 0 0 0 .9-7.9A6 6 0 0 0 7.2 8.4 5 5 0 0 0 7 18Z" />
    <path d="M3 3l18 18" />
  </Icon>
);
