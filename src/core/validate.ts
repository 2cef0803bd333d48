/**
 * Argument checks shared by the client (to fail fast, before a round trip) and
 * the worker (which trusts nothing). Every failure is `INVALID_ARGUMENT` with
 * a message naming the bad field and what is allowed.
 */
import { Qwen3Error } from '../errors.js';
import type { ChatMessage, ChatOptions, Device, Dtype, LoadOptions } from '../types.js';
import { messageText } from './message-text.js';
import { validateTools } from './validate-tools.js';

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);
const DEVICES: ReadonlySet<Device> = new Set(['auto', 'webgpu', 'wasm']);
const DTYPES: ReadonlySet<Dtype> = new Set(['auto', 'fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4']);
/** Below this a chat template and a short question do not fit. */
const MIN_CONTEXT_WINDOW = 64;
const MODEL_ID = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/;

function invalid(message: string, details?: Record<string, unknown>): Qwen3Error {
  return new Qwen3Error('INVALID_ARGUMENT', message, details ? { details } : {});
}

/**
 * Checks a conversation: non-empty, known roles, and — for `chat` — ending
 * with a non-empty user message (a conversation being `measure`d may end anywhere).
 */
export function validateMessages(messages: unknown, purpose: 'chat' | 'measure' = 'chat'): asserts messages is ChatMessage[] {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw invalid('chat() needs a non-empty array of messages, e.g. [{ role: "user", content: "Hi" }].');
  }
  messages.forEach((message: unknown, index) => {
    if (typeof message !== 'object' || message === null) throw invalid(`messages[${index}] is not an object.`);
    const { role, content, toolCallId } = message as { role?: unknown; content?: unknown; toolCallId?: unknown };
    if (typeof role !== 'string' || !ROLES.has(role)) {
      throw invalid(`messages[${index}].role is ${JSON.stringify(role)}; use "system", "user", "assistant" or "tool".`, {
        index,
      });
    }
    if (role === 'tool' && (typeof toolCallId !== 'string' || toolCallId.length === 0)) {
      throw invalid(`messages[${index}] is a tool result without toolCallId: name the tool call it answers.`, { index });
    }
    const partsOk = Array.isArray(content) && content.every((part: unknown) => isPart(part, role === 'assistant'));
    if (typeof content !== 'string' && !partsOk) {
      throw invalid(
        `messages[${index}].content must be a string or an array of { type: "text" | "reasoning", text } parts${role === 'assistant' ? ' and tool-call parts' : ''}.`,
        { index },
      );
    }
  });
  if (purpose === 'measure') return;
  const last = messages.at(-1) as ChatMessage;
  // After tool results the model goes on with the reply that called them.
  if (last.role === 'tool') return;
  if (last.role !== 'user') {
    throw invalid(`The last message must come from the user, or be a tool result (it is from "${last.role}").`);
  }
  if (messageText(last).trim().length === 0) {
    throw invalid('The last user message is empty: type something to send.');
  }
}

function isPart(part: unknown, allowToolCalls: boolean): boolean {
  if (typeof part !== 'object' || part === null) return false;
  const { type, text } = part as { type?: unknown; text?: unknown };
  if (type === 'text' || type === 'reasoning') return typeof text === 'string';
  if (type !== 'tool-call' || !allowToolCalls) return false;
  const call = part as { toolCallId?: unknown; toolName?: unknown; inputText?: unknown };
  return typeof call.toolCallId === 'string' && typeof call.toolName === 'string' && typeof call.inputText === 'string';
}

function checkNumber(
  name: string,
  value: unknown,
  rule: { min?: number; max?: number; minExclusive?: boolean; integer?: boolean; allowInfinity?: boolean },
): void {
  if (value === undefined) return;
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (Number.isFinite(value) || (rule.allowInfinity === true && value === Infinity)) &&
    (!rule.integer || !Number.isFinite(value) || Number.isInteger(value)) &&
    (rule.min === undefined || (rule.minExclusive ? value > rule.min : value >= rule.min)) &&
    (rule.max === undefined || value <= rule.max);
  if (!ok) {
    const parts: string[] = [];
    if (rule.integer) parts.push('an integer');
    else parts.push('a number');
    if (rule.min !== undefined) parts.push(`${rule.minExclusive ? '>' : '≥'} ${rule.min}`);
    if (rule.max !== undefined) parts.push(`≤ ${rule.max}`);
    if (rule.allowInfinity) parts.push('(or Infinity for no limit)');
    throw invalid(`${name} must be ${parts.join(' ')}; got ${String(value)}.`, { option: name, value: String(value) });
  }
}

/** Checks the generation options. */
export function validateChatOptions(options: ChatOptions): void {
  if (typeof options !== 'object' || options === null) throw invalid('chat() options must be an object.');
  checkNumber('maxNewTokens', options.maxNewTokens, { min: 1, integer: true });
  checkNumber('temperature', options.temperature, { min: 0 });
  checkNumber('topK', options.topK, { min: 0, integer: true });
  checkNumber('topP', options.topP, { min: 0, max: 1, minExclusive: true });
  checkNumber('minP', options.minP, { min: 0, max: 1 });
  checkNumber('presencePenalty', options.presencePenalty, { min: -2, max: 2 });
  checkNumber('seed', options.seed, { min: 0, max: 2 ** 32 - 1, integer: true });
  checkNumber('thinkingBudget', options.thinkingBudget, { min: 0, integer: true, allowInfinity: true });
  if (options.contextOverflow !== undefined && options.contextOverflow !== 'error' && options.contextOverflow !== 'drop-oldest') {
    throw invalid(`contextOverflow must be "error" or "drop-oldest"; got ${JSON.stringify(options.contextOverflow)}.`);
  }
  if (options.reuseKvCache !== undefined && typeof options.reuseKvCache !== 'boolean') {
    throw invalid(`reuseKvCache must be true or false; got ${String(options.reuseKvCache)}.`);
  }
  if (options.thinking !== undefined && typeof options.thinking !== 'boolean') {
    throw invalid(`thinking must be true or false; got ${String(options.thinking)}.`);
  }
  if (options.conversationId !== undefined && (typeof options.conversationId !== 'string' || options.conversationId.length > 200)) {
    throw invalid(`conversationId must be a string of at most 200 characters; got ${JSON.stringify(options.conversationId)}.`, { option: 'conversationId' });
  }
  validateTools(options);
  validateResponseFormat(options);
}

function validateResponseFormat({ responseFormat, toolChoice }: ChatOptions): void {
  if (responseFormat === undefined) return;
  const { type, schema } = (typeof responseFormat === 'object' && responseFormat !== null ? responseFormat : {}) as { type?: unknown; schema?: unknown };
  if (type !== 'text' && type !== 'json') {
    throw invalid(`responseFormat must be { type: "text" } or { type: "json", schema? }; got ${JSON.stringify(responseFormat)}.`, { option: 'responseFormat' });
  }
  if (schema !== undefined && (typeof schema !== 'object' || schema === null || Array.isArray(schema))) {
    throw invalid('responseFormat.schema must be a JSON Schema object.', { option: 'responseFormat' });
  }
  if (type === 'json' && toolChoice !== undefined && toolChoice !== 'auto' && toolChoice !== 'none') {
    throw invalid(`A reply whose answer must be JSON cannot be made to call a tool (toolChoice ${JSON.stringify(toolChoice)}).`, { option: 'toolChoice' });
  }
}

/** Checks the load options. */
export function validateLoadOptions(options: LoadOptions): void {
  if (typeof options !== 'object' || options === null) throw invalid('load() options must be an object.');
  if (options.model !== undefined && (typeof options.model !== 'string' || !MODEL_ID.test(options.model))) {
    throw invalid(
      `model must be a Hugging Face id like "onnx-community/Qwen3-0.6B-ONNX"; got ${JSON.stringify(options.model)}.`,
    );
  }
  if (options.host !== undefined) {
    let protocol = '';
    try {
      protocol = new URL(String(options.host)).protocol;
    } catch {
      protocol = '';
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw invalid(`host must be an http(s) URL like "https://huggingface.co"; got ${JSON.stringify(options.host)}.`);
    }
  }
  if (options.revision !== undefined && (typeof options.revision !== 'string' || options.revision.length === 0)) {
    throw invalid('revision must be a non-empty string (a branch, tag or commit).');
  }
  if (options.device !== undefined && !DEVICES.has(options.device)) {
    throw invalid(`device must be "auto", "webgpu" or "wasm"; got ${JSON.stringify(options.device)}.`);
  }
  checkNumber('wasmThreads', options.wasmThreads, { min: 1, max: 16, integer: true });
  checkNumber('contextWindow', options.contextWindow, { min: MIN_CONTEXT_WINDOW, integer: true });
  if (options.warmUp !== undefined && typeof options.warmUp !== 'boolean') {
    throw invalid(`warmUp must be true or false; got ${String(options.warmUp)}.`);
  }
  if (options.dtype !== undefined && !DTYPES.has(options.dtype)) {
    throw invalid(`dtype must be one of ${[...DTYPES].join(', ')}; got ${JSON.stringify(options.dtype)}.`);
  }
}
