/**
 * OpenAI's Chat Completions shapes, as far as an in-browser Qwen3 uses them,
 * with the fields vLLM and SGLang add for Qwen3: `reasoning_content` on
 * messages and deltas, `chat_template_kwargs: { enable_thinking }`, and
 * `thinking_budget`. Declared here (the `openai` package is not a dependency);
 * the test suite checks them against the official types both ways.
 */
import type { JsonSchema } from '../types.js';

export type OpenAIRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

/** A content part: text is used; any other kind is refused with `UNSUPPORTED`. */
export type OpenAIContentPart = { type: 'text'; text: string } | { type: string };

export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** Any other kind of tool call (OpenAI's `custom` tools): refused with `UNSUPPORTED`. */
export type OtherToolCall = { id: string; type: string };

export type OpenAIMessage =
  | { role: 'system' | 'developer'; content: string | OpenAIContentPart[]; name?: string }
  | { role: 'user'; content: string | OpenAIContentPart[]; name?: string }
  | {
      role: 'assistant';
      content?: string | OpenAIContentPart[] | null;
      reasoning_content?: string | null;
      tool_calls?: Array<OpenAIToolCall | OtherToolCall>;
      name?: string;
      refusal?: string | null;
    }
  | { role: 'tool'; content: string | OpenAIContentPart[]; tool_call_id: string }
  /** OpenAI's deprecated function messages: refused with `UNSUPPORTED`. */
  | { role: 'function'; content: string | null; name: string };

export interface OpenAIFunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: JsonSchema; strict?: boolean | null };
}

/** A function tool; any other kind (OpenAI's `custom` tools) is refused with `UNSUPPORTED`. */
export type OpenAITool = OpenAIFunctionTool | { type: string };

/** A named function, or the three modes; any other choice (allowed lists, custom tools) is refused with `UNSUPPORTED`. */
export type OpenAIToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } } | { type: string };

/** The request. Fields OpenAI has and this model cannot honour (`n` > 1, logprobs, audio…) are refused or ignored as documented in the README. */
export interface ChatCompletionCreateParams {
  messages: OpenAIMessage[];
  /** Ignored: the client's loaded model answers (the response names it). */
  model?: string;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  presence_penalty?: number | null;
  seed?: number | null;
  n?: number | null;
  tools?: OpenAITool[];
  tool_choice?: OpenAIToolChoice;
  /**
   * `json_object` (any JSON object) or `json_schema` (one matching
   * `json_schema.schema`): the answer is constrained to it after free
   * reasoning, as with `responseFormat` in `chat()`.
   */
  response_format?: OpenAIResponseFormat;
  /** Qwen3's switch, as vLLM and SGLang take it. */
  chat_template_kwargs?: { enable_thinking?: boolean };
  /** Reasoning tokens before the model is made to answer (Qwen3's thinking budget). */
  thinking_budget?: number | null;
}

export type OpenAIResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean | null } };

export interface ChatCompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  completion_tokens_details: { reasoning_tokens: number };
  prompt_tokens_details: { cached_tokens: number };
}

export type ChatCompletionFinishReason = 'stop' | 'length' | 'tool_calls';

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: { role: 'assistant'; content: string | null; reasoning_content: string | null; refusal: null; tool_calls?: OpenAIToolCall[] };
    finish_reason: ChatCompletionFinishReason;
    logprobs: null;
  }>;
  usage: ChatCompletionUsage;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    delta: {
      role?: 'assistant';
      content?: string | null;
      reasoning_content?: string | null;
      tool_calls?: Array<{ index: number; id?: string; type?: 'function'; function?: { name?: string; arguments?: string } }>;
    };
    finish_reason: ChatCompletionFinishReason | null;
    logprobs?: null;
  }>;
  /** On the last chunk (whose `choices` is empty) with `stream_options: { include_usage: true }`; else null. */
  usage?: ChatCompletionUsage | null;
}

/** Per-call options, as the OpenAI SDK takes them. */
export interface ChatCompletionRequestOptions {
  signal?: AbortSignal;
}

/** `client.chat.completions`. */
export interface ChatCompletions {
  create(params: ChatCompletionCreateParams & { stream: true }, options?: ChatCompletionRequestOptions): Promise<AsyncIterable<ChatCompletionChunk>>;
  create(params: ChatCompletionCreateParams & { stream?: false | null }, options?: ChatCompletionRequestOptions): Promise<ChatCompletion>;
  create(params: ChatCompletionCreateParams, options?: ChatCompletionRequestOptions): Promise<ChatCompletion | AsyncIterable<ChatCompletionChunk>>;
}
