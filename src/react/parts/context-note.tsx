/**
 * A quiet line above the composer once the conversation fills most of the
 * context, or after the oldest turns were left out of a reply's prompt. It
 * stays out of the way below 80 %: most conversations never see it.
 */
import type { ReactElement } from 'react';
import type { ContextUsage } from '../../chat/types.js';
import type { ContextTrimmedEvent } from '../../types.js';

/** Usage above which the note shows. */
export const CONTEXT_NOTE_THRESHOLD = 0.8;

export interface ContextNoteProps {
  usage: ContextUsage | undefined;
  trimmed: ContextTrimmedEvent | undefined;
}

export function ContextNote({ usage, trimmed }: ContextNoteProps): ReactElement | null {
  if (!trimmed && (!usage || usage.fraction < CONTEXT_NOTE_THRESHOLD)) return null;
  const percent = usage ? Math.round(usage.fraction * 100) : undefined;
  const title = usage ? `${usage.tokens.toLocaleString('en-US')} of ${usage.contextWindow.toLocaleString('en-US')} tokens` : undefined;
  return (
    <p className="qwen3-chat__context" role="status" title={title} data-trimmed={trimmed ? '' : undefined}>
      {trimmed
        ? `The oldest ${plural(trimmed.droppedTurns, 'exchange')} no longer fit${trimmed.droppedTurns === 1 ? 's' : ''} in the model's memory and ${trimmed.droppedTurns === 1 ? 'was' : 'were'} left out.`
        : `Context ${percent} % full: the oldest messages will be left out soon.`}
    </p>
  );
}

function plural(count: number, noun: string): string {
  return count === 1 ? noun : `${count} ${noun}s`;
}
