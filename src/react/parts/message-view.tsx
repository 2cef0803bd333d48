/**
 * One message of the conversation. User text is shown as typed (plain text);
 * assistant answers as Markdown, after their reasoning block.
 */
import { memo, type ReactElement } from 'react';
import type { ReplyStats } from '../../chat/types.js';
import { messageText } from '../../core/message-text.js';
import type { UIMessage } from '../../chat/types.js';
import type { ReasoningPart, ToolCallPart } from '../../types.js';
import { formatDuration } from '../format.js';
import { CheckIcon, CopyIcon, RegenerateIcon } from '../icons.js';
import { MarkdownText } from '../markdown.js';
import { useCopy } from '../use-copy.js';
import { ReasoningBlock } from './reasoning-block.js';
import { ToolCallView } from './tool-call-view.js';

/** Props of {@link MessageView}. */
export interface MessageViewProps {
  message: UIMessage;
  assistantName: string;
  /** The latest assistant message: it gets `aria-live`, Regenerate and the stats. */
  latest: boolean;
  /** The reply is still arriving. */
  streaming: boolean;
  stats: ReplyStats | undefined;
  onRegenerate: (() => void) | undefined;
  /** The results of the message's tool calls by call id, as JSON (see `toolResultsOf`). */
  toolResults?: string | undefined;
}

/** One message; memoised, so only the streaming one re-renders while a reply arrives. */
export const MessageView = memo(function MessageView(props: MessageViewProps): ReactElement | null {
  const { message } = props;
  // A tool's result is shown with the call it answers.
  if (message.role === 'system' || message.role === 'tool') return null;
  if (message.role === 'user') {
    return (
      <div className="qwen3-chat__message qwen3-chat__message--user" data-role="user" data-message-id={message.id}>
        <span className="qwen3-chat__sr-only">You said:</span>
        <div className="qwen3-chat__bubble">{messageText(message)}</div>
      </div>
    );
  }
  return <AssistantView {...props} />;
});

function AssistantView({ message, assistantName, latest, streaming, stats, onRegenerate, toolResults }: MessageViewProps): ReactElement {
  const [copied, copy] = useCopy();
  const parts = typeof message.content === 'string' ? [{ type: 'text' as const, text: message.content }] : message.content;
  const reasoning = parts.filter((part): part is ReasoningPart => part.type === 'reasoning' && (part.text.trim() !== '' || part.state === 'streaming'));
  const answer = messageText(message);
  const calls = parts.filter((part): part is ToolCallPart => part.type === 'tool-call');
  const results = toolResults ? (JSON.parse(toolResults) as Record<string, string>) : {};
  return (
    <div className="qwen3-chat__message qwen3-chat__message--assistant" data-role="assistant" data-message-id={message.id}>
      <span className="qwen3-chat__sr-only">{assistantName} said:</span>
      {reasoning.map((part, index) => (
        <ReasoningBlock key={index} part={part} />
      ))}
      <div
        className="qwen3-chat__answer"
        aria-live={latest ? 'polite' : undefined}
        aria-busy={latest ? streaming : undefined}
      >
        {answer !== '' && <MarkdownText text={answer} />}
      </div>
      {calls.map((call) => (
        <ToolCallView key={call.toolCallId} call={call} result={results[call.toolCallId]} streaming={streaming} />
      ))}
      {!streaming && (
        <div className="qwen3-chat__actions">
          {answer !== '' && (
            <button type="button" className="qwen3-chat__action" onClick={() => copy(answer)}>
              {copied ? <CheckIcon /> : <CopyIcon />}
              {copied ? 'Copied' : 'Copy'}
            </button>
          )}
          {onRegenerate && (
            <button type="button" className="qwen3-chat__action" onClick={onRegenerate}>
              <RegenerateIcon />
              Regenerate
            </button>
          )}
          {stats && <span className="qwen3-chat__stats">{statsLine(stats)}</span>}
        </div>
      )}
    </div>
  );
}

/** `0.3 s to first token · 42 tok/s`. */
function statsLine(stats: ReplyStats): string {
  const parts = [`${formatDuration(stats.timeToFirstTokenMs)} to first token`];
  if (stats.tokensPerSecond > 0) parts.push(`${stats.tokensPerSecond.toFixed(stats.tokensPerSecond < 10 ? 1 : 0)} tok/s`);
  if (stats.reason === 'length') parts.push('token limit reached');
  if (stats.reason === 'aborted') parts.push('stopped');
  return parts.join(' · ');
}

/** Three dots while the reply has not started. */
export function PendingReply({ assistantName }: { assistantName: string }): ReactElement {
  return (
    <div className="qwen3-chat__message qwen3-chat__message--assistant" data-role="pending">
      <span className="qwen3-chat__typing" role="status" aria-label={`${assistantName} is replying`}>
        <span />
        <span />
        <span />
      </span>
    </div>
  );
}
