/**
 * Runs the tool calls of a reply with the app's `execute` functions, for the
 * chat controller's tool loop: each call's result as a `tool` message.
 */
import type { ChatMessage, ToolCallPart } from '../types.js';
import type { ExecutableTool } from './types.js';

/** The reply's tool calls, when the chat can answer all of them itself; otherwise undefined. */
export function runnableCalls(calls: readonly ToolCallPart[], tools: readonly ExecutableTool[]): ToolCallPart[] | undefined {
  if (calls.length === 0) return undefined;
  const runnable = calls.filter((call) => !call.error && tools.some((tool) => tool.name === call.toolName && tool.execute));
  // A malformed call is answered with its error, but only beside a call that runs: alone, the app sees it.
  const answerable = calls.every((call) => call.error || runnable.includes(call));
  return answerable && runnable.length > 0 ? [...calls] : undefined;
}

/** One `tool` message per call, in the calls' order; the executions run side by side. */
export async function runToolCalls(calls: readonly ToolCallPart[], tools: readonly ExecutableTool[], signal: AbortSignal): Promise<ChatMessage[]> {
  return Promise.all(
    calls.map(async (call): Promise<ChatMessage> => {
      const answer = (content: string): ChatMessage => ({ role: 'tool', toolCallId: call.toolCallId, content });
      if (call.error) return answer(JSON.stringify({ error: call.error.message }));
      const tool = tools.find((candidate) => candidate.name === call.toolName)!;
      try {
        const result = await tool.execute!(call.input, { toolCallId: call.toolCallId, signal });
        return answer(typeof result === 'string' ? result : (JSON.stringify(result) ?? ''));
      } catch (error) {
        return answer(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
      }
    }),
  );
}
