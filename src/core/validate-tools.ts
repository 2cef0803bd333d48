/** Checks of `tools` and `toolChoice` (validate.ts checks the rest of a request the same way). */
import { Qwen3Error } from '../errors.js';
import type { ChatOptions } from '../types.js';

/** What OpenAI and the AI SDK allow in a function's name; Qwen3's template prints it unescaped. */
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

const invalid = (message: string): Qwen3Error => new Qwen3Error('INVALID_ARGUMENT', message, { details: { option: 'tools' } });

export function validateTools(options: Pick<ChatOptions, 'tools' | 'toolChoice'>): void {
  const { tools, toolChoice } = options;
  if (tools !== undefined) {
    if (!Array.isArray(tools)) throw invalid('tools must be an array of { name, description?, parameters? }.');
    const names = new Set<string>();
    tools.forEach((tool: unknown, index) => {
      if (typeof tool !== 'object' || tool === null) throw invalid(`tools[${index}] is not an object.`);
      const { name, description, parameters } = tool as Record<string, unknown>;
      if (typeof name !== 'string' || !TOOL_NAME.test(name)) {
        throw invalid(`tools[${index}].name must be 1–64 letters, digits, "_", "." or "-"; got ${JSON.stringify(name)}.`);
      }
      if (names.has(name)) throw invalid(`Two tools are named "${name}".`);
      names.add(name);
      if (description !== undefined && typeof description !== 'string') throw invalid(`tools[${index}].description must be a string.`);
      if (parameters !== undefined && (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters) || (parameters as { type?: unknown }).type !== 'object')) {
        throw invalid(`tools[${index}].parameters must be a JSON Schema of an object ({ type: "object", properties: … }).`);
      }
    });
  }
  if (toolChoice === undefined || toolChoice === 'auto' || toolChoice === 'none') return;
  if (toolChoice === 'required' || (typeof toolChoice === 'object' && toolChoice !== null && toolChoice.type === 'tool')) {
    if (!tools || tools.length === 0) throw invalid(`toolChoice ${JSON.stringify(toolChoice)} needs tools.`);
    if (typeof toolChoice === 'object' && !tools.some((tool) => tool.name === toolChoice.toolName)) {
      throw invalid(`toolChoice names "${String(toolChoice.toolName)}", which is not among the tools (${tools.map((tool) => tool.name).join(', ')}).`);
    }
    return;
  }
  throw invalid(`toolChoice must be "auto", "none", "required" or { type: "tool", toolName }; got ${JSON.stringify(toolChoice)}.`);
}
