/**
 * An AI SDK call (`LanguageModelV4CallOptions`) as a `client.chat()` request:
 * the prompt as chat messages, the settings as chat options, and warnings for
 * what an in-browser Qwen3 does not do.
 */
import type { LanguageModelV4CallOptions, LanguageModelV4Prompt, LanguageModelV4ToolResultOutput, SharedV4Warning } from '@ai-sdk/provider';
import { Qwen3Error } from '../errors.js';
import type { ChatMessage, ChatOptions, ChatTool, JsonSchema, MessagePart } from '../types.js';

/** `providerOptions.qwen3`. */
export interface Qwen3ProviderOptions {
  /** Qwen3's thinking mode (default on). */
  thinking?: boolean;
  /** Reasoning tokens before the model is made to answer. */
  thinkingBudget?: number;
}

export interface ChatRequestFromCall {
  messages: ChatMessage[];
  options: ChatOptions;
  warnings: SharedV4Warning[];
}

/**
 * `inputTexts` maps call ids to the arguments' text as the model generated
 * them: the AI SDK gives calls back parsed, and rendering them as generated
 * keeps the KV cache through the tool round.
 */
export function chatRequestFromCall(call: LanguageModelV4CallOptions, inputTexts: ReadonlyMap<string, string>): ChatRequestFromCall {
  const warnings: SharedV4Warning[] = [];
  const unsupported = (feature: string, details?: string): void => void warnings.push({ type: 'unsupported', feature, ...(details && { details }) });
  if (call.stopSequences?.length) unsupported('stopSequences');
  if (call.frequencyPenalty !== undefined) unsupported('frequencyPenalty', 'presencePenalty is supported');
  const qwen3 = (call.providerOptions?.['qwen3'] ?? {}) as Qwen3ProviderOptions;
  const tools: ChatTool[] = [];
  for (const tool of call.tools ?? []) {
    if (tool.type !== 'function') {
      unsupported(`provider tool ${tool.id}`);
      continue;
    }
    tools.push({ name: tool.name, ...(tool.description !== undefined && { description: tool.description }), parameters: tool.inputSchema as ChatTool['parameters'] });
  }
  const thinking = qwen3.thinking ?? (call.reasoning === 'none' ? false : undefined);
  const options: ChatOptions = {
    ...(call.maxOutputTokens !== undefined && { maxNewTokens: call.maxOutputTokens }),
    ...(call.temperature !== undefined && { temperature: call.temperature }),
    ...(call.topP !== undefined && { topP: call.topP }),
    ...(call.topK !== undefined && { topK: call.topK }),
    ...(call.presencePenalty !== undefined && { presencePenalty: call.presencePenalty }),
    ...(call.seed !== undefined && { seed: call.seed }),
    ...(thinking !== undefined && { thinking }),
    ...(qwen3.thinkingBudget !== undefined && { thinkingBudget: qwen3.thinkingBudget }),
    ...(tools.length > 0 && { tools }),
    ...(tools.length > 0 && call.toolChoice && { toolChoice: call.toolChoice.type === 'tool' ? { type: 'tool' as const, toolName: call.toolChoice.toolName } : call.toolChoice.type }),
    // A JSON answer (Output.object, generateObject) is constrained to its schema after free reasoning.
    ...(call.responseFormat?.type === 'json' && { responseFormat: { type: 'json' as const, ...(call.responseFormat.schema && { schema: call.responseFormat.schema as JsonSchema }) } }),
    ...(call.abortSignal && { signal: call.abortSignal }),
  };
  return { messages: chatMessages(call.prompt, inputTexts), options, warnings };
}

function chatMessages(prompt: LanguageModelV4Prompt, inputTexts: ReadonlyMap<string, string>): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        messages.push({ role: 'system', content: message.content });
        break;
      case 'user':
        messages.push({
          role: 'user',
          content: message.content
            .map((part) => {
              if (part.type !== 'text') throw new Qwen3Error('UNSUPPORTED', `A "${part.type}" part in a user message: Qwen3 reads text only.`);
              return part.text;
            })
            .join(''),
        });
        break;
      case 'assistant': {
        const parts: MessagePart[] = [];
        for (const part of message.content) {
          if (part.type === 'text') parts.push({ type: 'text', text: part.text });
          else if (part.type === 'reasoning') parts.push({ type: 'reasoning', text: part.text });
          else if (part.type === 'tool-call') {
            parts.push({ type: 'tool-call', toolCallId: part.toolCallId, toolName: part.toolName, input: part.input, inputText: inputTexts.get(part.toolCallId) ?? JSON.stringify(part.input ?? {}) });
          }
        }
        messages.push({ role: 'assistant', content: parts });
        break;
      }
      case 'tool':
        for (const part of message.content) {
          if (part.type === 'tool-result') messages.push({ role: 'tool', toolCallId: part.toolCallId, content: resultText(part.output) });
        }
        break;
    }
  }
  return messages;
}

/** A tool's output as the text the model reads. */
function resultText(output: LanguageModelV4ToolResultOutput): string {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value;
    case 'json':
    case 'error-json':
      return JSON.stringify(output.value);
    case 'execution-denied':
      return JSON.stringify({ error: `The tool was not run${output.reason ? `: ${output.reason}` : '.'}` });
    default:
      return JSON.stringify(output);
  }
}
