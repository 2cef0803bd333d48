/**
 * `<Qwen3Chat>`: a complete chat UI around {@link useQwen3Chat}, usable with
 * zero props. The model downloads once (with a progress bar), then runs in a
 * Web Worker on the user's device.
 */
import { useCallback, useId, type CSSProperties, type ReactElement } from 'react';
import { DEFAULT_CHAT_MODEL } from '../chat/client-registry.js';
import type { UIMessage } from '../chat/types.js';
import { messageText } from '../core/message-text.js';
import { shortModelName } from './format.js';
import { NewChatIcon, SparkIcon, ArrowDownIcon } from './icons.js';
import { ContextNote } from './parts/context-note.js';
import { Composer } from './parts/composer.js';
import { ErrorBanner } from './parts/error-banner.js';
import { LoadProgressBar } from './parts/load-progress.js';
import { MessageView, PendingReply } from './parts/message-view.js';
import { useQwen3ChatStyles } from './styles.js';
import { useAutoscroll } from './use-autoscroll.js';
import { useQwen3Chat, type UseQwen3ChatOptions } from './use-qwen3-chat.js';

/** Props of {@link Qwen3Chat}: the hook's options plus presentation. */
export interface Qwen3ChatProps extends UseQwen3ChatOptions {
  /** Extra class on the root element (`.qwen3-chat`), e.g. to set its height. */
  className?: string;
  style?: CSSProperties;
  /** Force a colour scheme; by default it follows `prefers-color-scheme`. */
  theme?: 'light' | 'dark';
  /** Placeholder of the message box. Default `Message Qwen3…`. */
  placeholder?: string;
  /** Heading of the chat. Default `Qwen3`. */
  title?: string;
  /**
   * Nonce for the stylesheet the component adds to `<head>`, for pages whose
   * Content-Security-Policy allows only nonced styles (`style-src 'nonce-…'`).
   * Or include `QWEN3_CHAT_CSS` in your own CSS instead.
   */
  nonce?: string;
}

const DEVICE_NAMES = { webgpu: 'WebGPU', wasm: 'WASM' } as const;

/**
 * The results of `message`'s tool calls, from the `tool` messages after it,
 * as one JSON string (a primitive, so the memoised view re-renders only when
 * they change); undefined when it made no calls.
 */
function toolResultsOf(message: UIMessage, messages: readonly UIMessage[]): string | undefined {
  if (message.role !== 'assistant' || typeof message.content === 'string' || !message.content.some((part) => part.type === 'tool-call')) return undefined;
  const results: Record<string, string> = {};
  for (const other of messages) {
    if (other.role === 'tool' && other.toolCallId !== undefined) results[other.toolCallId] = messageText(other);
  }
  return JSON.stringify(results);
}

/**
 * A drop-in chat with a Qwen3 model running in the browser.
 *
 * @example
 * ```tsx
 * import { Qwen3Chat } from 'qwen3-web/react';
 *
 * export function App() {
 *   return <Qwen3Chat defaultThinkingBudget={512} />;
 * }
 * ```
 */
export function Qwen3Chat(props: Qwen3ChatProps): ReactElement {
  const { className, style, theme, placeholder, title = 'Qwen3', nonce, ...options } = props;
  useQwen3ChatStyles(nonce);
  const chat = useQwen3Chat(options);
  const { messages, status, error, isBusy, stats, loaded } = chat;
  const modelName = shortModelName(options.model ?? DEFAULT_CHAT_MODEL);
  const last = messages.at(-1);
  const streaming = status === 'streaming';
  const autoscroll = useAutoscroll([messages, status]);
  const { regenerate } = chat;
  const onRegenerate = useCallback(() => void regenerate(), [regenerate]);
  const visible = messages.filter((message) => message.role !== 'system');
  const titleId = useId();

  return (
    <div
      className={className ? `qwen3-chat ${className}` : 'qwen3-chat'}
      style={style}
      data-theme={theme}
      data-status={status}
      role="region"
      aria-labelledby={titleId}
    >
      <header className="qwen3-chat__header">
        <span className="qwen3-chat__logo" aria-hidden="true">
          <SparkIcon />
        </span>
        <div className="qwen3-chat__brand">
          <h2 className="qwen3-chat__title" id={titleId}>
            {title}
          </h2>
          <p className="qwen3-chat__subtitle">
            <span className="qwen3-chat__model">{modelName}</span>
            {loaded ? (
              <span className="qwen3-chat__badge" data-ready="">
                {DEVICE_NAMES[loaded.device]} · on device
              </span>
            ) : (
              <span className="qwen3-chat__badge">on device</span>
            )}
          </p>
        </div>
        {visible.length > 0 && (
          <button
            type="button"
            className="qwen3-chat__icon-button"
            aria-label="New chat"
            title="New chat"
            onClick={() => chat.setMessages([])}
          >
            <NewChatIcon />
          </button>
        )}
      </header>

      {status === 'loading' && <LoadProgressBar progress={chat.progress} modelName={modelName} />}
      {error && <ErrorBanner error={error} onRetry={() => void chat.retry()} onDismiss={chat.clearError} />}

      <div className="qwen3-chat__body">
        <div
          ref={autoscroll.ref}
          onScroll={autoscroll.onScroll}
          className="qwen3-chat__log"
          role="region"
          aria-label="Conversation"
          tabIndex={0}
        >
          {visible.length === 0 ? (
            <EmptyState title={title} modelName={modelName} idle={status === 'idle'} onLoad={() => void chat.load()} />
          ) : (
            visible.map((message) => {
              const isLast = message === last;
              const latestAssistant = isLast && message.role === 'assistant';
              return (
                <MessageView
                  key={message.id}
                  message={message}
                  assistantName={title}
                  latest={latestAssistant}
                  streaming={latestAssistant && streaming}
                  stats={latestAssistant ? stats : undefined}
                  onRegenerate={latestAssistant && !isBusy ? onRegenerate : undefined}
                  toolResults={toolResultsOf(message, messages)}
                />
              );
            })
          )}
          {status === 'submitted' && <PendingReply assistantName={title} />}
        </div>
        {!autoscroll.pinned && (
          <button type="button" className="qwen3-chat__jump" aria-label="Scroll to the latest message" onClick={autoscroll.scrollToBottom}>
            <ArrowDownIcon />
          </button>
        )}
      </div>

      <ContextNote usage={chat.contextUsage} trimmed={chat.contextTrimmed} />
      <Composer
        placeholder={placeholder ?? `Message ${title}…`}
        busy={isBusy}
        thinking={chat.thinking}
        thinkingBudget={chat.thinkingBudget}
        onSend={(text) => void chat.sendMessage(text)}
        onStop={chat.stop}
        onThinkingChange={chat.setThinking}
        onThinkingBudgetChange={chat.setThinkingBudget}
      />
    </div>
  );
}

function EmptyState({ title, modelName, idle, onLoad }: { title: string; modelName: string; idle: boolean; onLoad: () => void }): ReactElement {
  return (
    <div className="qwen3-chat__empty">
      <span className="qwen3-chat__logo" aria-hidden="true">
        <SparkIcon />
      </span>
      <p className="qwen3-chat__empty-title">Chat with {title}</p>
      <p>{modelName} runs entirely in your browser. Nothing you type leaves this device.</p>
      {idle && (
        <button type="button" className="qwen3-chat__button qwen3-chat__button--primary" onClick={onLoad}>
          Load model
        </button>
      )}
    </div>
  );
}
