/**
 * A tool call in the transcript: the tool's name and its arguments as the
 * model wrote them, "Calling…" while they stream, the error of a call that
 * could not run, and — once the chat has run it — its result.
 */
import type { ReactElement } from 'react';
import type { ToolCallPart } from '../../types.js';

export function ToolCallView({ call, result, streaming }: { call: ToolCallPart; result: string | undefined; streaming: boolean }): ReactElement {
  const state = call.error ? 'error' : result !== undefined ? 'done' : streaming && call.input === undefined ? 'streaming' : 'called';
  const label = { streaming: 'Calling', called: 'Called', done: 'Called', error: 'Could not call' }[state];
  return (
    <div className="qwen3-chat__tool-call" data-state={state} data-tool={call.toolName}>
      <div className="qwen3-chat__tool-head">
        <span className="qwen3-chat__tool-label">{label}</span> <code className="qwen3-chat__tool-name">{call.toolName || 'a tool'}</code>
        <code className="qwen3-chat__tool-input">{call.inputText}</code>
      </div>
      {call.error && <div className="qwen3-chat__tool-error">{call.error.message}</div>}
      {result !== undefined && (
        <div className="qwen3-chat__tool-result">
          <span className="qwen3-chat__tool-label">Result</span> <code>{result}</code>
        </div>
      )}
    </div>
  );
}
