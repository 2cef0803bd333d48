/**
 * The column of cards beside the chat. On a small screen it becomes a sheet
 * over the chat, opened from the top bar and closed with its button, the
 * backdrop or Escape.
 */
import { useEffect, useRef, type ReactElement, type ReactNode } from 'react';
import { CloseIcon } from './icons.js';

/** Props of {@link SidePanel}. */
export interface SidePanelProps {
  open: boolean;
  onClose: () => void;
  children: ReactNode;
}

/** The side column, or the sheet on a small screen. */
export function SidePanel({ open, onClose, children }: SidePanelProps): ReactElement {
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    closeButton.current?.focus();
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, onClose]);

  return (
    <>
      <div className="backdrop" data-open={open || undefined} onClick={onClose} aria-hidden="true" />
      <aside id="side-panel" className="side-panel" data-open={open || undefined} aria-label="Model and device">
        <div className="side-panel__sheet-header">
          <span>Model &amp; device</span>
          <button ref={closeButton} type="button" className="icon-button" onClick={onClose} aria-label="Close">
            <CloseIcon />
          </button>
        </div>
        {children}
      </aside>
    </>
  );
}
