/** Copies a text to the clipboard and says so for a moment. */
import { useEffect, useState, type ReactElement } from 'react';
import { CheckIcon, CopyIcon } from './icons.js';

/** An icon button; `label` names what it copies. */
export function CopyButton({ text, label }: { text: string; label: string }): ReactElement {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = (): void => {
    void navigator.clipboard?.writeText(text).then(() => setCopied(true), () => undefined);
  };
  return (
    <button type="button" className="icon-button copy-button" onClick={copy} aria-label={copied ? 'Copied' : label} title={label}>
      {copied ? <CheckIcon /> : <CopyIcon />}
    </button>
  );
}
