/**
 * qwen3-web: run Qwen3 in the browser. The framework-free core entry.
 *
 * @example
 * ```ts
 * import { createQwen3Client } from 'qwen3-web';
 * const client = createQwen3Client();
 * await client.load();
 * for await (const event of client.chat([{ role: 'user', content: 'Hi' }])) {
 *   if (event.type === 'text-delta') console.log(event.text);
 * }
 * ```
 */
export { createQwen3Client, type Qwen3Client, type Qwen3ClientOptions } from './client/create-client.js';
export { Qwen3Error, QWEN3_ERROR_CODES, type Qwen3ErrorCode, type SerializedQwen3Error } from './errors.js';
export {
  clearCache,
  deleteCachedModel,
  hasCachedModel,
  isStoragePersisted,
  listCachedModels,
  requestPersistentStorage,
  type CachedModel,
  type CachedModelFilter,
} from './store/index.js';
export {
  chooseDevice,
  chooseDtype,
  detectCapabilities,
  estimateDecodeSpeed,
  isWebGpuUsable,
  recommendModel,
  TARGET_TOKENS_PER_SECOND,
  type Capabilities,
  type ChooseDtypeOptions,
  type Recommendation,
  type RecommendOptions,
  type SpeedEstimate,
  type StorageCapabilities,
  type WebGpuCapabilities,
} from './capabilities/index.js';
export {
  DEFAULT_CONTEXT_BUDGET,
  describeModelConfig,
  estimateMemory,
  findModel,
  kvBytesPerToken,
  listModels,
  MODEL_REGISTRY,
  modelFacts,
  modelFiles,
  weightFiles,
  type DescribeOptions,
  type MemoryEstimate,
  type ModelArchitecture,
  type ModelDtype,
  type ModelFacts,
  type ModelInfo,
  type ThinkingMode,
} from './registry/index.js';
export {
  acquireSharedClient,
  animationFrameScheduler,
  budgetToStep,
  createChatController,
  createClientRegistry,
  DEFAULT_CHAT_HOST,
  DEFAULT_CHAT_MODEL,
  FALLBACK_THINKING_BUDGET,
  generateMessageId,
  MIN_DEFAULT_THINKING_BUDGET,
  REASONING_SECONDS,
  stepToBudget,
  THINKING_BUDGET_STEPS,
  thinkingBudgetForSpeed,
  type AssistantMessage,
  type ChatClient,
  type ChatController,
  type ChatControllerOptions,
  type ChatFinishInfo,
  type ChatModelOptions,
  type ChatSnapshot,
  type ChatStatus,
  type ClientRegistry,
  type ContextUsage,
  type ExecutableTool,
  type FrameScheduler,
  type GenerationOptions,
  type ReplyStats,
  type SharedClientLease,
  type UIMessage,
} from './chat/index.js';
export { DEFAULT_HOST, DEFAULT_MODEL, DEFAULT_REVISION } from './core/defaults.js';
export { STOP_THINKING_TEXT } from './core/thinking-budget.js';
export type { LogitsReport, WasmPaths } from './protocol.js';
export type * from './types.js';
