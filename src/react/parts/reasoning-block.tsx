/**
 * The model's reasoning, collapsed behind a button: "Thinking…" while it
 * streams (with a one-line preview of the latest thought), then
 * "Thought for 3 s · 128 tokens".
 */
import { useId, useState, type ReactElement } from 'react';
import type { ReasoningPart } from '../../types.js';
import { formatDuration } from '../format.js';
import { ChevronIcon, SparkIcon } from '../icons.js';

/** The reasoning label, e.g. `Thought for 3 s · 128 tokens`. */
export function reasoningLabel(part: ReasoningPart): string {
  if (part.state === 'streaming') return 'Thinking…';
  const time = part.durationMs !== undefined ? ` for ${formatDuration(part.durationMs)}` : '';
  const tokens = part.tokens !== undefined ? ` · ${part.tokens} ${part.tokens === 1 ? 'token' : 'tokens'}` : '';
  return `Thought${time}${tokens}`;
}

/** A collapsible reasoning part; collapsed by default. */
export function ReasoningBlock({ part }: { part: ReasoningPart }): ReactElement {
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  const streaming = part.state === 'streaming';
  const preview = streaming && !open ? lastLine(part.text) : '';
  return (
    <div className="qwen3-chat__reasoning" data-state={streaming ? 'streaming' : 'done'}>
      <button
        type="button"
        className="qwen3-chat__reasoning-toggle"
        aria-expanded={open}
        aria-controls={bodyId}
        onClick={() => setOpen((value) => !value)}
      >
        <SparkIcon />
        <span className="qwen3-chat__reasoning-label">{reasoningLabel(part)}</span>
        <ChevronIcon className="qwen3-chat__chevron" />
      </button>
      {preview && (
        <p className="qwen3-chat__reasoning-preview" aria-hidden="true">
          {preview}
        </p>
      )}
      <div id={bodyId} className="qwen3-chat__reasoning-body" hidden={!open}>
        {part.text.trim()}
      </div>
    </div>
  );
}

/** The tail of the reasoning so far, for the collapsed preview. */
function lastLine(text: string): string {
  const lines = text.trimEnd().split('\n');
  const line = (lines.at(-1) ?? '').trim();
  return line.length > 160 ? `…${line.slice(-160)}` : line;
}
