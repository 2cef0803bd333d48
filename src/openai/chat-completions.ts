/**
 * `client.chat.completions.create()`: OpenAI's Chat Completions over
 * `client.chat()`, for apps moving from WebLLM or a server. Requests map to
 * chat options (`max_tokens` → `maxNewTokens`, `chat_template_kwargs.enable_thinking`
 * → `thinking`, `thinking_budget` → `thinkingBudget`, tools and
 * `tool_choice`); events map to OpenAI's chunks, with the reasoning in
 * `reasoning_content` as vLLM and SGLang return it for Qwen3.
 */
import { Qwen3Error } from '../errors.js';
import type { ChatEvent, ChatMessage, ChatOptions, ChatTool, FinishEvent, LoadedModel, MessagePart, ResponseFormat, ToolChoice, Usage } from '../types.js';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  ChatCompletionFinishReason,
  ChatCompletionRequestOptions,
  ChatCompletions,
  ChatCompletionUsage,
  OpenAIContentPart,
  OpenAIFunctionTool,
  OpenAIMessage,
  OpenAITool,
  OpenAIToolCall,
  OpenAIResponseFormat,
  OpenAIToolChoice,
  OtherToolCall,
} from './types.js';

/** What the adapter needs of a client. */
export interface CompletionsClient {
  chat(messages: ChatMessage[], options?: ChatOptions): AsyncIterable<ChatEvent>;
  readonly loaded: LoadedModel | undefined;
}

export function chatCompletions(client: CompletionsClient): ChatCompletions {
  async function create(params: ChatCompletionCreateParams, options: ChatCompletionRequestOptions = {}): Promise<ChatCompletion | AsyncIterable<ChatCompletionChunk>> {
    const messages = toChatMessages(params.messages);
    const chatOptions = toChatOptions(params, options.signal);
    const meta = { id: `chatcmpl-${randomId()}`, created: Math.floor(Date.now() / 1000), model: client.loaded?.model ?? params.model ?? '' };
    const events = client.chat(messages, chatOptions);
    if (params.stream) return streamChunks(events, meta, params.stream_options?.include_usage === true);
    return completion(await finishOf(events), meta);
  }
  return { create } as ChatCompletions;
}

interface Meta {
  id: string;
  created: number;
  model: string;
}

function toChatOptions(params: ChatCompletionCreateParams, signal: AbortSignal | undefined): ChatOptions {
  if (params.n != null && params.n !== 1) throw new Qwen3Error('INVALID_ARGUMENT', `n must be 1: the model writes one reply at a time; got ${params.n}.`);
  const maxNewTokens = params.max_completion_tokens ?? params.max_tokens;
  const thinking = params.chat_template_kwargs?.enable_thinking;
  return {
    ...(maxNewTokens != null && { maxNewTokens }),
    ...(params.temperature != null && { temperature: params.temperature }),
    ...(params.top_p != null && { topP: params.top_p }),
    ...(params.presence_penalty != null && { presencePenalty: params.presence_penalty }),
    ...(params.seed != null && { seed: params.seed }),
    ...(thinking !== undefined && { thinking }),
    ...(params.thinking_budget != null && { thinkingBudget: params.thinking_budget }),
    ...(params.tools && { tools: params.tools.map(toChatTool) }),
    ...(params.tool_choice !== undefined && { toolChoice: toToolChoice(params.tool_choice) }),
    ...(params.response_format && { responseFormat: toResponseFormat(params.response_format) }),
    ...(signal && { signal }),
  };
}

function toResponseFormat(format: OpenAIResponseFormat): ResponseFormat {
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json', schema: { type: 'object' } };
    case 'json_schema':
      return { type: 'json', ...(format.json_schema?.schema && { schema: format.json_schema.schema }) };
    default:
      throw new Qwen3Error('INVALID_ARGUMENT', `response_format must be text, json_object or json_schema; got ${JSON.stringify((format as { type?: unknown }).type)}.`);
  }
}

function toChatTool(tool: OpenAITool): ChatTool {
  if (!isFunctionTool(tool)) throw new Qwen3Error('UNSUPPORTED', `A "${tool.type}" tool is not supported: give tools as { type: "function", function: { name, description, parameters } }.`);
  const { name, description, parameters } = tool.function;
  return { name, ...(description !== undefined && { description }), ...(parameters && { parameters }) };
}

const isFunctionTool = (tool: OpenAITool): tool is OpenAIFunctionTool => tool.type === 'function' && typeof (tool as { function?: unknown }).function === 'object';

function toToolChoice(choice: OpenAIToolChoice): ToolChoice {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  const named = typeof choice === 'object' && choice.type === 'function' ? (choice as { function?: { name?: unknown } }).function?.name : undefined;
  if (typeof named !== 'string') throw new Qwen3Error('UNSUPPORTED', `tool_choice ${JSON.stringify(choice)} is not supported: use "auto", "none", "required" or { type: "function", function: { name } }.`);
  return { type: 'tool', toolName: named };
}

/** OpenAI messages as the SDK's: `developer` is a system message; an assistant's reasoning and tool calls become parts. */
export function toChatMessages(messages: readonly OpenAIMessage[]): ChatMessage[] {
  if (!Array.isArray(messages)) throw new Qwen3Error('INVALID_ARGUMENT', 'messages must be an array of OpenAI chat messages.');
  return messages.map((message, index): ChatMessage => {
    switch (message.role) {
      case 'system':
      case 'developer':
        return { role: 'system', content: textOf(message.content, index) };
      case 'user':
        return { role: 'user', content: textOf(message.content, index) };
      case 'tool':
        return { role: 'tool', toolCallId: message.tool_call_id, content: textOf(message.content, index) };
      case 'assistant': {
        const parts: MessagePart[] = [];
        if (message.reasoning_content) parts.push({ type: 'reasoning', text: message.reasoning_content });
        parts.push({ type: 'text', text: message.content == null ? '' : textOf(message.content, index) });
        for (const call of message.tool_calls ?? []) {
          if (!isFunctionCall(call)) throw new Qwen3Error('UNSUPPORTED', `messages[${index}] has a "${call.type}" tool call: only function calls are supported.`);
          parts.push({ type: 'tool-call', toolCallId: call.id, toolName: call.function.name, input: parseOr(call.function.arguments), inputText: call.function.arguments });
        }
        return { role: 'assistant', content: parts };
      }
      case 'function':
        throw new Qwen3Error('UNSUPPORTED', `messages[${index}] is a deprecated "function" message: use tool calls and "tool" messages.`);
      default:
        throw new Qwen3Error('INVALID_ARGUMENT', `messages[${index}].role is ${JSON.stringify((message as { role?: unknown }).role)}; use system, developer, user, assistant or tool.`);
    }
  });
}

const isFunctionCall = (call: OpenAIToolCall | OtherToolCall): call is OpenAIToolCall => call.type === 'function' && typeof (call as { function?: unknown }).function === 'object';

function textOf(content: string | OpenAIContentPart[], index: number): string {
  if (typeof content === 'string') return content;
  return content
    .map((part) => {
      if (part.type !== 'text') throw new Qwen3Error('UNSUPPORTED', `messages[${index}] has a "${part.type}" part: Qwen3 reads text only.`);
      return (part as { text: string }).text;
    })
    .join('');
}

async function finishOf(events: AsyncIterable<ChatEvent>): Promise<FinishEvent> {
  for await (const event of events) if (event.type === 'finish') return event;
  throw new Qwen3Error('INTERNAL', 'The reply ended without a finish event.');
}

function finishReason(finish: FinishEvent): ChatCompletionFinishReason {
  if (finish.reason === 'aborted') throw new Qwen3Error('ABORTED', 'The request was aborted.');
  return finish.reason === 'tool-calls' ? 'tool_calls' : finish.reason;
}

function usageOf(usage: Usage): ChatCompletionUsage {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    prompt_tokens_details: { cached_tokens: usage.promptTokens - usage.prefillTokens },
  };
}

function completion(finish: FinishEvent, meta: Meta): ChatCompletion {
  const parts = finish.message.content;
  const text = parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
  const reasoning = parts.flatMap((part) => (part.type === 'reasoning' ? [part.text] : []));
  const toolCalls: OpenAIToolCall[] = parts.flatMap((part) => (part.type === 'tool-call' ? [{ id: part.toolCallId, type: 'function' as const, function: { name: part.toolName, arguments: part.inputText } }] : []));
  return {
    ...meta,
    object: 'chat.completion',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text === '' && toolCalls.length > 0 ? null : text,
          reasoning_content: reasoning.length > 0 ? reasoning.join('') : null,
          refusal: null,
          ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
        },
        finish_reason: finishReason(finish),
        logprobs: null,
      },
    ],
    usage: usageOf(finish.usage),
  };
}

async function* streamChunks(events: AsyncIterable<ChatEvent>, meta: Meta, includeUsage: boolean): AsyncGenerator<ChatCompletionChunk> {
  const chunk = (delta: ChatCompletionChunk['choices'][number]['delta'], finish: ChatCompletionFinishReason | null = null): ChatCompletionChunk => ({
    ...meta,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...(includeUsage && { usage: null }),
  });
  /** Each call's index among this reply's calls, and whether its start was sent. */
  const calls = new Map<string, number>();
  const callIndex = (id: string): number => calls.get(id) ?? calls.set(id, calls.size).get(id)!;
  yield chunk({ role: 'assistant', content: '' });
  for await (const event of events) {
    switch (event.type) {
      case 'reasoning-delta':
        yield chunk({ reasoning_content: event.text });
        break;
      case 'text-delta':
        yield chunk({ content: event.text });
        break;
      case 'tool-call-start':
        yield chunk({ tool_calls: [{ index: callIndex(event.toolCallId), id: event.toolCallId, type: 'function', function: { name: event.toolName, arguments: '' } }] });
        break;
      case 'tool-call-delta':
        yield chunk({ tool_calls: [{ index: callIndex(event.toolCallId), function: { arguments: event.inputTextDelta } }] });
        break;
      case 'tool-call-error':
        // A call whose head never parsed was not announced: send it whole, as written, for the app to answer.
        if (!calls.has(event.toolCallId)) {
          yield chunk({ tool_calls: [{ index: callIndex(event.toolCallId), id: event.toolCallId, type: 'function', function: { name: event.toolName ?? '', arguments: event.text } }] });
        }
        break;
      case 'finish':
        yield chunk({}, finishReason(event));
        if (includeUsage) yield { ...meta, object: 'chat.completion.chunk', choices: [], usage: usageOf(event.usage) };
        break;
      default:
        break;
    }
  }
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function randomId(): string {
  return Math.random().toString(36).slice(2, 14);
}
