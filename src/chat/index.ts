/**
 * The framework-free chat layer: a controller holding the conversation and
 * the reply in progress, shared clients, and thinking-budget slider steps.
 */
export { createChatController } from './chat-controller.js';
export {
  acquireSharedClient,
  createClientRegistry,
  DEFAULT_CHAT_HOST,
  DEFAULT_CHAT_MODEL,
  type ClientRegistry,
  type SharedClientLease,
} from './client-registry.js';
export {
  FALLBACK_THINKING_BUDGET,
  MIN_DEFAULT_THINKING_BUDGET,
  REASONING_SECONDS,
  thinkingBudgetForSpeed,
} from './default-thinking-budget.js';
export { animationFrameScheduler } from './frame-scheduler.js';
export { generateMessageId } from './message-id.js';
export { budgetToStep, stepToBudget, THINKING_BUDGET_STEPS } from './thinking-budget-steps.js';
export type {
  AssistantMessage,
  ChatClient,
  ChatController,
  ChatControllerOptions,
  ChatFinishInfo,
  ChatModelOptions,
  ChatSnapshot,
  ChatStatus,
  ContextUsage,
  ExecutableTool,
  FrameScheduler,
  GenerationOptions,
  ReplyStats,
  UIMessage,
} from './types.js';
