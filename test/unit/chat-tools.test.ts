/**
 * The chat controller's tool loop, on a fake client: tools with `execute`
 * run in the page and the reply goes on with their results, up to
 * `maxToolSteps`; a tool without `execute` leaves its call to the app;
 * a failing tool or a malformed call is answered with an error the model can
 * read; stop() during a tool stops the loop; the worker never sees `execute`.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ExecutableTool } from '../../src/chat/types.js';
import type { ChatEvent, MessagePart, ToolCallPart } from '../../src/types.js';
import { finishEvent, loadedAndSent, settle } from './support/chat-fake-client.js';

const call = (toolCallId: string, toolName: string, input: unknown, extra: Partial<ToolCallPart> = {}): ToolCallPart => ({
  type: 'tool-call',
  toolCallId,
  toolName,
  input,
  inputText: JSON.stringify(input),
  ...extra,
});
const callEvents = (part: ToolCallPart): ChatEvent[] => [
  { type: 'tool-call-start', toolCallId: part.toolCallId, toolName: part.toolName },
  { type: 'tool-call-delta', toolCallId: part.toolCallId, inputTextDelta: part.inputText },
  { type: 'tool-call', toolCallId: part.toolCallId, toolName: part.toolName, input: part.input },
];
const callingReply = (...parts: ToolCallPart[]): ChatEvent[] => [...parts.flatMap(callEvents), finishEvent([{ type: 'text', text: '' }, ...parts], { reason: 'tool-calls' })];

describe('chat controller: tools', () => {
  it('runs each call with execute, adds the results as tool messages, and streams the next reply', async () => {
    const add = vi.fn(({ a, b }: { a: number; b: number }) => ({ sum: a + b }));
    const clock = vi.fn(async () => '14:05');
    const tools: ExecutableTool[] = [
      { name: 'add', parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } }, execute: add },
      { name: 'get_time', execute: clock },
    ];
    const onFinish = vi.fn();
    const { chat, client, frame, sending } = await loadedAndSent('What is 2 + 3, and the time?', { tools, onFinish });
    // The worker gets the definitions only.
    expect(client.calls[0]!.options.tools).toEqual([{ name: 'add', parameters: tools[0]!.parameters }, { name: 'get_time' }]);
    await client.emit(...callEvents(call('c1', 'add', { a: 2, b: 3 })).slice(0, 2));
    frame();
    expect(chat.getSnapshot().messages.at(-1)!.content).toContainEqual({ type: 'tool-call', toolCallId: 'c1', toolName: 'add', input: undefined, inputText: '{"a":2,"b":3}' });
    await client.emit(...callingReply(call('c1', 'add', { a: 2, b: 3 }), call('c2', 'get_time', {})).slice(2));
    await client.end();
    await settle();
    expect(add).toHaveBeenCalledWith({ a: 2, b: 3 }, expect.objectContaining({ toolCallId: 'c1' }));
    expect(clock).toHaveBeenCalledOnce();
    // The second reply was asked with the results, in the calls' order.
    expect(client.calls).toHaveLength(2);
    expect(client.calls[1]!.messages.slice(-2)).toEqual([
      { role: 'tool', toolCallId: 'c1', content: '{"sum":5}' },
      { role: 'tool', toolCallId: 'c2', content: '14:05' },
    ]);
    expect(chat.getSnapshot()).toMatchObject({ busy: true });
    await client.emit({ type: 'text-delta', text: '5, at 14:05.' }, finishEvent([{ type: 'text', text: '5, at 14:05.' }]));
    await client.end();
    await sending;
    const roles = chat.getSnapshot().messages.map((message) => message.role);
    expect(roles).toEqual(['user', 'assistant', 'tool', 'tool', 'assistant']);
    expect(chat.getSnapshot()).toMatchObject({ busy: false, status: 'ready' });
    expect(onFinish.mock.calls.map(([info]) => info.reason)).toEqual(['tool-calls', 'stop']);
  });

  it('stops after maxToolSteps replies, leaving the last calls unanswered; a forced toolChoice forces only the first', async () => {
    const tools: ExecutableTool[] = [{ name: 'get_time', execute: () => 'now' }];
    const { chat, client, sending } = await loadedAndSent('Loop', { tools, maxToolSteps: 2, chatOptions: { toolChoice: { type: 'tool', toolName: 'get_time' } } });
    for (let step = 0; step < 2; step++) {
      await client.emit(...callingReply(call(`c${step}`, 'get_time', {})));
      await client.end();
      await settle();
    }
    await sending;
    expect(client.calls).toHaveLength(2);
    expect(client.calls.map((call) => call.options.toolChoice)).toEqual([{ type: 'tool', toolName: 'get_time' }, 'auto']);
    expect(chat.getSnapshot().messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(chat.getSnapshot().busy).toBe(false);
  });

  it('a tool without execute leaves its calls to the app, which answers them and continues', async () => {
    const tools: ExecutableTool[] = [{ name: 'ask_user' }, { name: 'get_time', execute: () => 'now' }];
    const { chat, client, sending } = await loadedAndSent('Hi', { tools });
    await client.emit(...callingReply(call('c1', 'ask_user', {}), call('c2', 'get_time', {})));
    await client.end();
    await sending;
    expect(client.calls).toHaveLength(1);
    expect(chat.getSnapshot()).toMatchObject({ busy: false, status: 'ready' });
    await expect(chat.continueAfterTools()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    chat.setMessages((messages) => [...messages, { role: 'tool', toolCallId: 'c1', content: 'yes' }, { role: 'tool', toolCallId: 'c2', content: 'now' }]);
    const continuing = chat.continueAfterTools();
    await settle();
    expect(client.calls).toHaveLength(2);
    expect(client.calls[1]!.messages.at(-1)).toEqual({ role: 'tool', toolCallId: 'c2', content: 'now' });
    await client.emit(finishEvent([{ type: 'text', text: 'Done.' }]));
    await client.end();
    await continuing;
  });

  it('a tool that throws, and a malformed call beside a good one, are answered with errors the model reads', async () => {
    const tools: ExecutableTool[] = [
      {
        name: 'fail',
        execute: () => {
          throw new Error('disk on fire');
        },
      },
    ];
    const { client, sending } = await loadedAndSent('Hi', { tools });
    const malformed = call('c2', 'fail', null, { inputText: '{"x":', error: { code: 'INVALID_JSON', message: 'The tool call is not JSON.' } });
    await client.emit(...callEvents(call('c1', 'fail', {})), { type: 'tool-call-error', toolCallId: 'c2', toolName: 'fail', text: '{"x":', error: malformed.error! }, finishEvent([{ type: 'text', text: '' }, call('c1', 'fail', {}), malformed] as MessagePart[], { reason: 'tool-calls' }));
    await client.end();
    await settle();
    expect(client.calls[1]!.messages.slice(-2)).toEqual([
      { role: 'tool', toolCallId: 'c1', content: '{"error":"disk on fire"}' },
      { role: 'tool', toolCallId: 'c2', content: '{"error":"The tool call is not JSON."}' },
    ]);
    await client.emit(finishEvent([{ type: 'text', text: 'Sorry.' }]));
    await client.end();
    await sending;
  });

  it('stop() while a tool runs aborts its signal and ends the loop', async () => {
    let signal: AbortSignal | undefined;
    const tools: ExecutableTool[] = [{ name: 'slow', execute: (_input, context) => ((signal = context.signal), new Promise(() => undefined)) }];
    const { chat, client, sending } = await loadedAndSent('Hi', { tools });
    await client.emit(...callingReply(call('c1', 'slow', {})));
    await client.end();
    await settle();
    expect(chat.getSnapshot().busy).toBe(true);
    chat.stop();
    expect(signal?.aborted).toBe(true);
    expect(chat.getSnapshot()).toMatchObject({ busy: false });
    await settle();
    expect(client.calls).toHaveLength(1);
    void sending;
  });
});
