/** A failure, with a way out: Retry, or dismiss. */
import type { ReactElement } from 'react';
import type { Qwen3Error } from '../../errors.js';
import { AlertIcon, CloseIcon } from '../icons.js';

/** An `alert` with the error's message, Retry and Dismiss. */
export function ErrorBanner({ error, onRetry, onDismiss }: { error: Qwen3Error; onRetry: () => void; onDismiss: () => void }): ReactElement {
  return (
    <div className="qwen3-chat__alert" role="alert" data-code={error.code}>
      <AlertIcon />
      <div className="qwen3-chat__alert-text">
        <strong className="qwen3-chat__alert-title">Something went wrong</strong>
        {error.message}
      </div>
      <div className="qwen3-chat__alert-actions">
        <button type="button" className="qwen3-chat__button qwen3-chat__button--primary" onClick={onRetry}>
          Retry
        </button>
        <button type="button" className="qwen3-chat__icon-button" aria-label="Dismiss" onClick={onDismiss}>
          <CloseIcon />
        </button>
      </div>
    </div>
  );
}
