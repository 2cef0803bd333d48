/**
 * A conversation and its tools as Qwen3's chat template reads them: string
 * contents, an assistant's tool calls as OpenAI-style `tool_calls`, its
 * reasoning as `reasoning_content`, tools in OpenAI's function format.
 *
 * The template shows an assistant's reasoning only after the last user
 * message (a reply still working through tool calls) and drops it before;
 * giving it the reasoning and each call's arguments exactly as generated
 * renders those turns as the tokens the model wrote, so the KV cache is
 * reused through every tool round.
 */
import type { ChatMessage, ChatTool, ToolCallPart } from '../types.js';
import { messageText } from './message-text.js';

/** One message as the template reads it. */
export interface TemplateMessage {
  role: ChatMessage['role'];
  content: string;
  reasoning_content?: string;
  tool_calls?: Array<{ type: 'function'; function: { name: string; arguments: string } }>;
}

/** One tool as the template lists it. */
export interface TemplateTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

export function templateMessages(messages: readonly ChatMessage[]): TemplateMessage[] {
  return messages.map((message) => {
    const rendered: TemplateMessage = { role: message.role, content: messageText(message) };
    if (typeof message.content === 'string' || message.role !== 'assistant') return rendered;
    const reasoning = message.content.filter((part) => part.type === 'reasoning');
    if (reasoning.length > 0) rendered.reasoning_content = reasoning.map((part) => part.text).join('');
    const calls = message.content.filter((part): part is ToolCallPart => part.type === 'tool-call');
    if (calls.length > 0) rendered.tool_calls = calls.map((call) => ({ type: 'function', function: { name: call.toolName, arguments: call.inputText } }));
    return rendered;
  });
}

/** With no parameters, a tool takes an empty object. */
const NO_PARAMETERS = { type: 'object', properties: {} };

export function templateTools(tools: readonly ChatTool[] | undefined): TemplateTool[] | undefined {
  if (!tools || tools.length === 0) return undefined;
  return tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, ...(tool.description !== undefined ? { description: tool.description } : {}), parameters: tool.parameters ?? NO_PARAMETERS },
  }));
}
