/**
 * `useQwen3Chat`: a thin React binding over the framework-free chat
 * controller. The controller lives in a ref, React reads it through
 * `useSyncExternalStore`, and callbacks are read from a latest-ref so that
 * passing new functions each render costs nothing.
 */
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { createChatController } from '../chat/chat-controller.js';
import { clientKey } from '../chat/client-registry.js';
import type {
  ChatClient,
  ChatController,
  ChatFinishInfo,
  ExecutableTool,
  ChatModelOptions,
  ChatSnapshot,
  GenerationOptions,
  UIMessage,
} from '../chat/types.js';
import type { Qwen3Error } from '../errors.js';
import type { ChatMessage } from '../types.js';
import { useIsomorphicLayoutEffect } from './use-isomorphic-layout-effect.js';

/** Options of {@link useQwen3Chat}. Thinking, budget and messages each work controlled or uncontrolled. */
export interface UseQwen3ChatOptions extends ChatModelOptions {
  /** Controlled thinking mode; pair with `onThinkingChange`. */
  thinking?: boolean;
  /** Uncontrolled thinking mode to start with. Default true. */
  defaultThinking?: boolean;
  onThinkingChange?: (thinking: boolean) => void;
  /** Controlled thinking budget (tokens, or `Infinity`); pair with `onThinkingBudgetChange`. */
  thinkingBudget?: number;
  /**
   * Uncontrolled budget to start with. Default: chosen from the device's
   * speed, about 20 s of reasoning (see `ChatControllerOptions.thinkingBudget`).
   */
  defaultThinkingBudget?: number;
  onThinkingBudgetChange?: (budget: number) => void;
  /**
   * Controlled conversation: whenever this array changes, the chat adopts it;
   * every change the chat makes (a message sent, each streamed frame, an
   * `id` given to a message that had none) is reported through
   * `onMessagesChange`.
   */
  messages?: readonly ChatMessage[];
  /** Uncontrolled conversation to start with. */
  initialMessages?: readonly ChatMessage[];
  onMessagesChange?: (messages: readonly UIMessage[]) => void;
  /** Generation options for every reply, e.g. `{ maxNewTokens: 512 }`. */
  chatOptions?: GenerationOptions;
  /**
   * When the conversation outgrows the context: `drop-oldest` (default) leaves
   * the oldest whole turns out of the prompt (`contextTrimmed` says which);
   * `error` fails the reply with `CONTEXT_OVERFLOW`.
   */
  contextOverflow?: 'error' | 'drop-oldest';
  /**
   * Tools the model may call; those with `execute` run in the page and the
   * reply goes on with their results (see `ChatControllerOptions.tools`).
   * Read at each reply.
   */
  tools?: readonly ExecutableTool[];
  /** Replies per message sent while tools run (default 5); read when the chat is created. */
  maxToolSteps?: number;
  /** Called when a reply ends (a stopped one too). */
  onFinish?: (info: ChatFinishInfo) => void;
  /** Called when loading or a reply fails. */
  onError?: (error: Qwen3Error) => void;
  /** Load the model on mount. Default true; otherwise it loads on `load()` or the first message. */
  autoLoad?: boolean;
  /** Your own client (e.g. with a custom worker); by default chats with the same model settings share one. */
  client?: ChatClient;
}

/** What {@link useQwen3Chat} returns: the chat's state and its actions. */
export interface UseQwen3ChatResult
  extends ChatSnapshot,
    Pick<
      ChatController,
      | 'load'
      | 'sendMessage'
      | 'regenerate'
      | 'continueAfterTools'
      | 'stop'
      | 'retry'
      | 'setMessages'
      | 'setThinking'
      | 'setThinkingBudget'
      | 'clearError'
    > {
  /**
   * True while a reply is in progress (`busy`): asked for, waiting for the
   * model, or streaming. `sendMessage` rejects with `BUSY` meanwhile.
   */
  readonly isBusy: boolean;
}

/**
 * A streaming Qwen3 chat running in the browser.
 *
 * @example
 * ```tsx
 * import { useQwen3Chat } from 'qwen3-web/react';
 *
 * function Chat() {
 *   const { messages, status, sendMessage, stop } = useQwen3Chat({ thinkingBudget: 256 });
 *   return (
 *     <form onSubmit={(e) => { e.preventDefault(); void sendMessage(new FormData(e.currentTarget).get('q') as string); }}>
 *       <p>{status}: {messages.length} messages</p>
 *       <input name="q" />
 *       <button type="button" onClick={stop}>Stop</button>
 *     </form>
 *   );
 * }
 * ```
 */
export function useQwen3Chat(options: UseQwen3ChatOptions = {}): UseQwen3ChatResult {
  const latest = useRef(options);
  useIsomorphicLayoutEffect(() => {
    latest.current = options;
  });

  const key = clientKey(options);
  const holder = useRef<{ key: string; client: ChatClient | undefined; controller: ChatController } | null>(null);
  if (holder.current === null || holder.current.key !== key || holder.current.client !== options.client) {
    // A new model: a new controller, carrying over the conversation and settings.
    const previous = holder.current?.controller.getSnapshot();
    holder.current = {
      key,
      client: options.client,
      controller: createChatController({
        model: options.model,
        host: options.host,
        device: options.device,
        dtype: options.dtype,
        revision: options.revision,
        contextWindow: options.contextWindow,
        shared: options.shared,
        client: options.client,
        initialMessages: previous?.messages ?? options.messages ?? options.initialMessages ?? [],
        thinking: options.thinking ?? previous?.thinking ?? options.defaultThinking ?? true,
        // Left undefined, the controller picks the budget from the device's speed.
        thinkingBudget:
          options.thinkingBudget ?? (previous && !previous.autoThinkingBudget ? previous.thinkingBudget : undefined) ?? options.defaultThinkingBudget,
        // Read at each send, so a changed prop applies to the next reply.
        chatOptions: () => {
          const { contextOverflow, chatOptions } = latest.current;
          return { ...(contextOverflow !== undefined && { contextOverflow }), ...chatOptions };
        },
        tools: () => latest.current.tools,
        ...(options.maxToolSteps !== undefined && { maxToolSteps: options.maxToolSteps }),
        onFinish: (info) => latest.current.onFinish?.(info),
        onError: (error) => latest.current.onError?.(error),
      }),
    };
  }
  const controller = holder.current.controller;
  const snapshot = useSyncExternalStore(controller.subscribe, controller.getSnapshot, controller.getSnapshot);

  useEffect(() => () => controller.detach(), [controller]);
  const autoLoad = options.autoLoad ?? true;
  useEffect(() => {
    if (autoLoad) void controller.load();
  }, [controller, autoLoad]);

  // Controlled values flow into the controller, which uses them for the next reply.
  useIsomorphicLayoutEffect(() => {
    if (options.thinking !== undefined) controller.setThinking(options.thinking);
  }, [controller, options.thinking]);
  useIsomorphicLayoutEffect(() => {
    if (options.thinkingBudget !== undefined) controller.setThinkingBudget(options.thinkingBudget);
  }, [controller, options.thinkingBudget]);

  // Arrays the chat itself produced: handed back as `messages`, they need no syncing.
  const produced = useRef(new WeakSet<readonly UIMessage[]>());
  useIsomorphicLayoutEffect(() => {
    const controlled = options.messages;
    if (controlled === undefined || produced.current.has(controlled as readonly UIMessage[])) return;
    if (controlled !== controller.getSnapshot().messages) controller.setMessages(controlled);
  }, [controller, options.messages]);
  const reported = useRef(snapshot.messages);
  useEffect(() => {
    if (snapshot.messages === reported.current) return;
    reported.current = snapshot.messages;
    if (snapshot.messages === latest.current.messages) return;
    produced.current.add(snapshot.messages);
    latest.current.onMessagesChange?.(snapshot.messages);
  }, [snapshot.messages]);

  const actions = useMemo(
    () => ({
      load: () => controller.load(),
      sendMessage: (text: string) => controller.sendMessage(text),
      regenerate: () => controller.regenerate(),
      continueAfterTools: () => controller.continueAfterTools(),
      stop: () => controller.stop(),
      retry: () => controller.retry(),
      setMessages: (update: Parameters<ChatController['setMessages']>[0]) => controller.setMessages(update),
      clearError: () => controller.clearError(),
      setThinking: (thinking: boolean) => {
        if (latest.current.thinking === undefined) controller.setThinking(thinking);
        latest.current.onThinkingChange?.(thinking);
      },
      setThinkingBudget: (budget: number) => {
        if (latest.current.thinkingBudget === undefined) controller.setThinkingBudget(budget);
        latest.current.onThinkingBudgetChange?.(budget);
      },
    }),
    [controller],
  );

  const thinking = options.thinking ?? snapshot.thinking;
  const thinkingBudget = options.thinkingBudget ?? snapshot.thinkingBudget;
  return useMemo(
    () => ({
      ...snapshot,
      thinking,
      thinkingBudget,
      isBusy: snapshot.busy,
      ...actions,
    }),
    [snapshot, thinking, thinkingBudget, actions],
  );
}
