/**
 * `toolChoice` as tokens: a reply that must call a tool is made to write the
 * call's opening once its answer begins — `<tool_call>` for `required`, and
 * for one named tool the head of the call object up to its arguments; for a
 * tool without parameters the whole call, `{}` for arguments, and the end of
 * the turn (made by `forcedAnswerTokenAt`, answer-start.ts).
 */
import type { ChatTool, ToolChoice } from '../types.js';

/** The text a reply is made to write where its answer begins; `undefined` when the model is free. */
export function forcedCallText(choice: ToolChoice | undefined, tools: readonly ChatTool[] | undefined): { text: string; endsTurn: boolean } | undefined {
  if (choice === undefined || choice === 'auto' || choice === 'none') return undefined;
  if (choice === 'required') return { text: '<tool_call>', endsTurn: false };
  const tool = tools?.find((candidate) => candidate.name === choice.toolName);
  const head = `<tool_call>\n{"name": ${JSON.stringify(choice.toolName)}, "arguments": `;
  return takesNoArguments(tool) ? { text: `${head}{}}\n</tool_call>`, endsTurn: true } : { text: head, endsTurn: false };
}

/** A tool that declares no parameters: its call has nothing for the model to choose. */
function takesNoArguments(tool: ChatTool | undefined): boolean {
  const properties = tool?.parameters?.['properties'];
  return properties === undefined || (typeof properties === 'object' && properties !== null && Object.keys(properties).length === 0);
}
