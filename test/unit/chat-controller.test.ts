/**
 * The chat controller's state logic, driven by a fake client whose replies
 * the test scripts event by event, and a frame scheduler the test advances.
 * (The real worker and model are exercised by test/browser/react/*.spec.ts.)
 */
import { describe, expect, it, vi } from 'vitest';
import { Qwen3Error } from '../../src/errors.js';
import type { ChatEvent, ChatMessage, MessagePart } from '../../src/types.js';
import { finishEvent, LOADED, loadedAndSent, settle, setup } from './support/chat-fake-client.js';

describe('chat controller: snapshots', () => {
  it('starts idle with the given conversation and settings, and keeps the same snapshot until a change', () => {
    const initialMessages: ChatMessage[] = [{ role: 'user', content: 'Earlier' }];
    const { chat, snapshots } = setup({ initialMessages, thinking: false, thinkingBudget: 64 });
    const first = chat.getSnapshot();
    expect(first).toMatchObject({ status: 'idle', thinking: false, thinkingBudget: 64, error: undefined, loaded: undefined, busy: false });
    expect(first.messages).toEqual([{ id: 'm1', role: 'user', content: 'Earlier' }]);
    expect(chat.getSnapshot()).toBe(first);
    chat.setThinking(false);
    expect(chat.getSnapshot()).toBe(first);
    expect(snapshots).toHaveLength(0);
    chat.setThinking(true);
    expect(chat.getSnapshot()).not.toBe(first);
    expect(first.thinking).toBe(false);
    expect(snapshots).toHaveLength(1);
  });

  it('rejects a budget that is not a whole number ≥ 0 or Infinity', () => {
    const { chat } = setup();
    expect(() => chat.setThinkingBudget(-1)).toThrow(Qwen3Error);
    expect(() => chat.setThinkingBudget(2.5)).toThrow(/whole number/);
    expect(() => chat.setThinkingBudget(Number.NaN)).toThrow(/Infinity/);
    chat.setThinkingBudget(Infinity);
    chat.setThinkingBudget(0);
    expect(chat.getSnapshot().thinkingBudget).toBe(0);
  });
});

describe('chat controller: loading', () => {
  it('goes idle → loading → ready, with progress', async () => {
    const { chat, client } = setup({ model: 'qwen3-web/Qwen3-Tiny-ONNX', host: 'http://hub.test', device: 'wasm' });
    const loading = chat.load();
    expect(chat.getSnapshot().status).toBe('loading');
    expect(client.loads[0]).toMatchObject({ model: 'qwen3-web/Qwen3-Tiny-ONNX', host: 'http://hub.test', device: 'wasm' });
    await client.finishLoad();
    await loading;
    expect(chat.getSnapshot()).toMatchObject({ status: 'ready', loaded: LOADED });
    expect(chat.getSnapshot().progress).toMatchObject({ phase: 'ready', fraction: 1 });
  });

  it('a failed load sets a Qwen3Error and calls onError; retry() loads again', async () => {
    const onError = vi.fn();
    const { chat, client } = setup({ onError });
    const loading = chat.load();
    await client.failLoad(new Qwen3Error('NETWORK', 'offline'));
    await loading;
    expect(chat.getSnapshot()).toMatchObject({ status: 'error', error: { code: 'NETWORK' } });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'NETWORK' }));
    const retrying = chat.retry();
    expect(chat.getSnapshot()).toMatchObject({ status: 'loading', error: undefined });
    await client.finishLoad();
    await retrying;
    expect(chat.getSnapshot().status).toBe('ready');
  });

  it('wraps a plain failure into a Qwen3Error', async () => {
    const { chat, client } = setup();
    const loading = chat.load();
    await client.failLoad(new TypeError('boom'));
    await loading;
    expect(Qwen3Error.isInstance(chat.getSnapshot().error)).toBe(true);
    expect(chat.getSnapshot().error?.code).toBe('INTERNAL');
  });

  it('sendMessage() before load() loads first, then asks', async () => {
    const { chat, client } = setup();
    const sending = chat.sendMessage('Hello');
    expect(chat.getSnapshot().messages).toEqual([{ id: 'm1', role: 'user', content: 'Hello' }]);
    expect(chat.getSnapshot().status).toBe('loading');
    expect(client.calls).toHaveLength(0);
    await client.finishLoad();
    expect(chat.getSnapshot().status).toBe('submitted');
    expect(client.calls).toHaveLength(1);
    await client.emit(finishEvent([{ type: 'text', text: '' }]));
    await client.end();
    await sending;
    expect(chat.getSnapshot().status).toBe('ready');
  });
});

describe('chat controller: streaming', () => {
  it('coalesces many deltas into one snapshot per frame', async () => {
    const { chat, client, snapshots, frame } = await loadedAndSent('Hi');
    expect(chat.getSnapshot().status).toBe('submitted');
    const before = snapshots.length;
    await client.emit(...Array.from({ length: 20 }, (_, i): ChatEvent => ({ type: 'text-delta', text: `w${i} ` })));
    expect(snapshots.length).toBe(before);
    frame();
    expect(snapshots.length).toBe(before + 1);
    const streaming = chat.getSnapshot();
    expect(streaming.status).toBe('streaming');
    expect(streaming.messages.at(-1)).toEqual({ id: 'm2', role: 'assistant', content: [{ type: 'text', text: Array.from({ length: 20 }, (_, i) => `w${i} `).join('') }] });
    frame();
    expect(snapshots.length).toBe(before + 1);
    await client.emit({ type: 'text-delta', text: 'more' });
    frame();
    expect(snapshots.length).toBe(before + 2);
    // Unchanged messages keep their identity, so a UI can skip re-rendering them.
    expect(chat.getSnapshot().messages[0]).toBe(streaming.messages[0]);
  });

  it('builds a reasoning part that streams, then is done with its tokens and time; stats come from finish', async () => {
    const onFinish = vi.fn();
    const { chat, client, frame, sending } = await loadedAndSent('Why?', { onFinish, thinkingBudget: 8 });
    expect(client.calls[0]!.options).toMatchObject({ thinking: true, thinkingBudget: 8 });
    await client.emit({ type: 'reasoning-delta', text: 'Let me think' });
    frame();
    expect(chat.getSnapshot().messages.at(-1)!.content).toEqual([
      { type: 'reasoning', text: 'Let me think', state: 'streaming' },
      { type: 'text', text: '' },
    ]);
    await client.emit({ type: 'reasoning-end', tokens: 8, durationMs: 300, budgetReached: true }, { type: 'text-delta', text: 'Because.' });
    frame();
    expect(chat.getSnapshot().messages.at(-1)!.content).toEqual([
      { type: 'reasoning', text: 'Let me think', state: 'done', durationMs: 300, tokens: 8 },
      { type: 'text', text: 'Because.' },
    ]);
    const final: MessagePart[] = [
      { type: 'reasoning', text: 'Let me think', state: 'done', durationMs: 300, tokens: 8 },
      { type: 'text', text: 'Because.' },
    ];
    await client.emit(finishEvent(final));
    await client.end();
    await sending;
    const done = chat.getSnapshot();
    expect(done.status).toBe('ready');
    expect(done.messages).toHaveLength(2);
    expect(done.messages.at(-1)!.content).toEqual(final);
    expect(done.stats).toMatchObject({ reason: 'stop', timeToFirstTokenMs: 120, tokensPerSecond: 40, reasoningTokens: 8, answerTokens: 5 });
    expect(onFinish).toHaveBeenCalledTimes(1);
    expect(onFinish.mock.calls[0]![0]).toMatchObject({ reason: 'stop', message: { role: 'assistant', content: final } });
  });

  it('passes thinking and budget settings, and generation options, to the next reply', async () => {
    const { chat, client } = setup({ chatOptions: () => ({ maxNewTokens: 16, temperature: 0 }) });
    const loading = chat.load();
    await client.finishLoad();
    await loading;
    chat.setThinking(false);
    chat.setThinkingBudget(32);
    void chat.sendMessage('x');
    await settle();
    expect(client.calls[0]!.options).toMatchObject({ thinking: false, thinkingBudget: 32, maxNewTokens: 16, temperature: 0 });
    expect(client.calls[0]!.options.signal).toBeInstanceOf(AbortSignal);
  });

  it('asks for drop-oldest unless told otherwise; chatOptions and the option override it', async () => {
    for (const [extra, expected] of [
      [{}, 'drop-oldest'],
      [{ contextOverflow: 'error' }, 'error'],
      [{ contextOverflow: 'error', chatOptions: { contextOverflow: 'drop-oldest' } }, 'drop-oldest'],
    ] as const) {
      const { client } = await loadedAndSent('x', extra);
      expect(client.calls[0]!.options.contextOverflow).toBe(expected);
    }
  });

  it('a context-trimmed event sets contextTrimmed without adding a message; after the reply the context is measured', async () => {
    const { chat, client, frame } = await loadedAndSent('x');
    const trimmed: ChatEvent = { type: 'context-trimmed', droppedIndices: [0, 1], droppedTurns: 1, tokensBefore: 500, tokensAfter: 300, reservedTokens: 64, contextWindow: 400 };
    await client.emit(trimmed);
    frame();
    expect(chat.getSnapshot().contextTrimmed).toEqual(trimmed);
    expect(chat.getSnapshot().messages.map((m) => m.role)).toEqual(['user']);
    await client.emit({ type: 'text-delta', text: 'Salt.' }, finishEvent([{ type: 'text', text: 'Salt.' }]));
    await client.end();
    // The conversation with its reply, in the reply's thinking mode.
    expect(client.measured).toHaveLength(1);
    expect(client.measured[0]!.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(client.measured[0]!.options).toMatchObject({ thinking: true, contextOverflow: 'drop-oldest' });
    expect(chat.getSnapshot().contextUsage).toEqual({ tokens: 20, contextWindow: LOADED.contextWindow, fraction: 20 / LOADED.contextWindow });
    // The next reply starts with no trim shown.
    void chat.sendMessage('y');
    await settle();
    expect(chat.getSnapshot().contextTrimmed).toBeUndefined();
  });

  it('ignores blank messages', async () => {
    const { chat, client } = setup();
    await chat.sendMessage('   ');
    expect(client.calls).toHaveLength(0);
    expect(chat.getSnapshot().messages).toHaveLength(0);
  });
});

describe('chat controller: stop, regenerate, errors', () => {
  it('stop() keeps the partial reply, closes the reasoning, aborts the signal, and ignores late deltas', async () => {
    const onFinish = vi.fn();
    const { chat, client, frame, sending } = await loadedAndSent('Hi', { onFinish });
    await client.emit({ type: 'reasoning-delta', text: 'Hmm' });
    frame();
    await client.emit({ type: 'reasoning-end', tokens: 3, durationMs: 50, budgetReached: false }, { type: 'text-delta', text: 'Partial' });
    chat.stop();
    expect(client.calls[0]!.options.signal?.aborted).toBe(true);
    const stopped = chat.getSnapshot();
    expect(stopped.status).toBe('ready');
    expect(stopped.messages.at(-1)!.content).toEqual([
      { type: 'reasoning', text: 'Hmm', state: 'done', durationMs: 50, tokens: 3 },
      { type: 'text', text: 'Partial' },
    ]);
    expect(onFinish).toHaveBeenCalledWith(expect.objectContaining({ reason: 'aborted', stats: undefined }));
    await client.emit({ type: 'text-delta', text: ' and more' }, finishEvent([{ type: 'text', text: 'Partial and more' }], { reason: 'aborted' }));
    await client.end();
    await sending;
    frame();
    expect(chat.getSnapshot().messages.at(-1)!.content).toEqual(stopped.messages.at(-1)!.content);
    // The figures of the stopped reply still arrive.
    expect(chat.getSnapshot().stats?.reason).toBe('aborted');
  });

  it('stop() while still thinking marks the reasoning done with its elapsed time', async () => {
    const { chat, client, frame } = await loadedAndSent('Hi');
    await client.emit({ type: 'reasoning-delta', text: 'Hmm' });
    frame();
    chat.stop();
    const [reasoning] = chat.getSnapshot().messages.at(-1)!.content as MessagePart[];
    expect(reasoning).toMatchObject({ type: 'reasoning', state: 'done' });
    expect(reasoning).toHaveProperty('durationMs');
  });

  it('stop() before any token leaves only the user message', async () => {
    const { chat } = await loadedAndSent('Hi');
    chat.stop();
    expect(chat.getSnapshot()).toMatchObject({ status: 'ready', messages: [{ id: 'm1', role: 'user', content: 'Hi' }] });
  });

  it('regenerate() drops the last reply and asks again with the history up to the last user message', async () => {
    const initialMessages: ChatMessage[] = [
      { role: 'user', content: 'One' },
      { role: 'assistant', content: [{ type: 'text', text: 'First answer' }] },
      { role: 'user', content: 'Two' },
      { role: 'assistant', content: [{ type: 'text', text: 'Old answer' }] },
    ];
    const { chat, client, frame } = setup({ initialMessages });
    const loading = chat.load();
    await client.finishLoad();
    await loading;
    const regenerating = chat.regenerate();
    await settle();
    expect(chat.getSnapshot().messages).toHaveLength(3);
    expect(client.calls[0]!.messages).toEqual(initialMessages.slice(0, 3));
    await client.emit({ type: 'text-delta', text: 'New answer' });
    frame();
    await client.emit(finishEvent([{ type: 'text', text: 'New answer' }]));
    await client.end();
    await regenerating;
    expect(chat.getSnapshot().messages.map((m) => m.content)).toEqual(['One', [{ type: 'text', text: 'First answer' }], 'Two', [{ type: 'text', text: 'New answer' }]]);
  });

  it('a failed reply keeps what streamed, sets the error; clearError() and retry() recover', async () => {
    const onError = vi.fn();
    const { chat, client, frame, sending } = await loadedAndSent('Hi', { onError });
    await client.emit({ type: 'text-delta', text: 'Half' });
    frame();
    await client.fail(new Qwen3Error('CONTEXT_OVERFLOW', 'too long'));
    await sending;
    expect(chat.getSnapshot()).toMatchObject({ status: 'error', error: { code: 'CONTEXT_OVERFLOW' } });
    expect(chat.getSnapshot().messages.at(-1)!.content).toEqual([{ type: 'text', text: 'Half' }]);
    expect(onError).toHaveBeenCalledTimes(1);
    chat.clearError();
    expect(chat.getSnapshot()).toMatchObject({ status: 'ready', error: undefined });
    const retrying = chat.retry();
    await settle();
    expect(client.calls).toHaveLength(2);
    expect(client.calls[1]!.messages).toEqual([{ role: 'user', content: 'Hi' }]);
    await client.emit(finishEvent([{ type: 'text', text: 'Whole' }]));
    await client.end();
    await retrying;
    expect(chat.getSnapshot().messages).toEqual([
      { id: 'm1', role: 'user', content: 'Hi' },
      { id: 'm3', role: 'assistant', content: [{ type: 'text', text: 'Whole' }] },
    ]);
  });

  it('a reply cut by the shared engine moving (ENGINE_MOVED) starts over once on the new engine; a second move fails it', async () => {
    const onError = vi.fn();
    const { chat, client, frame, sending } = await loadedAndSent('Hi', { onError });
    await client.emit({ type: 'text-delta', text: 'Half' });
    frame();
    await client.fail(new Qwen3Error('ENGINE_MOVED', 'The shared engine stopped.'));
    await settle();
    // Sent again, as it was; the half reply is gone from the transcript.
    expect(client.calls).toHaveLength(2);
    expect(client.calls[1]!.messages).toEqual([{ role: 'user', content: 'Hi' }]);
    expect(chat.getSnapshot().messages.map((m) => m.role)).toEqual(['user']);
    await client.emit({ type: 'text-delta', text: 'Whole' }, finishEvent([{ type: 'text', text: 'Whole' }]));
    await client.end();
    await sending;
    expect(onError).not.toHaveBeenCalled();
    expect(chat.getSnapshot().messages.map((m) => m.content)).toEqual(['Hi', [{ type: 'text', text: 'Whole' }]]);

    const again = chat.sendMessage('More');
    await settle();
    await client.fail(new Qwen3Error('ENGINE_MOVED', 'The shared engine stopped.'));
    await settle();
    await client.fail(new Qwen3Error('ENGINE_MOVED', 'The shared engine stopped again.'));
    await again;
    expect(chat.getSnapshot()).toMatchObject({ status: 'error', error: { code: 'ENGINE_MOVED' } });
    expect(client.calls).toHaveLength(4);
  });

  it('after a GPU failure the snapshot shows where the model runs now: on WASM, or nowhere', async () => {
    const { chat, client, sending } = await loadedAndSent('Hi');
    expect(chat.getSnapshot().loaded).toBe(LOADED);
    // The client reloads the model on WASM before it reports DEVICE_LOST.
    client.loaded = { ...LOADED, device: 'wasm', dtype: 'q4' };
    await client.fail(new Qwen3Error('DEVICE_LOST', 'The GPU failed. The model was reloaded on WASM from the cache.'));
    await sending;
    expect(chat.getSnapshot()).toMatchObject({ status: 'error', error: { code: 'DEVICE_LOST' }, loaded: { device: 'wasm', dtype: 'q4' } });

    // When that reload failed too, nothing is loaded, and retry() loads again.
    const again = chat.retry();
    await settle();
    client.loaded = undefined;
    await client.fail(new Qwen3Error('DEVICE_LOST', 'Moving the model to WASM failed too.'));
    await again;
    expect(chat.getSnapshot()).toMatchObject({ status: 'error', loaded: undefined });
    void chat.retry();
    await settle();
    expect(client.loads).toHaveLength(2);
  });
});

describe('chat controller: setMessages', () => {
  it('keeps streaming when the reply in progress is still in the new list', async () => {
    const { chat, client, frame } = await loadedAndSent('Hi');
    await client.emit({ type: 'text-delta', text: 'A' });
    frame();
    chat.setMessages((messages) => [{ role: 'system', content: 'Be brief.' }, ...messages]);
    await client.emit({ type: 'text-delta', text: 'B' });
    frame();
    const { messages, status } = chat.getSnapshot();
    expect(status).toBe('streaming');
    expect(messages).toHaveLength(3);
    expect(messages[2]!.content).toEqual([{ type: 'text', text: 'AB' }]);
  });

  it('stops the reply when its message is removed', async () => {
    const { chat, client, frame } = await loadedAndSent('Hi');
    await client.emit({ type: 'text-delta', text: 'A' });
    frame();
    chat.setMessages([]);
    expect(client.calls[0]!.options.signal?.aborted).toBe(true);
    await client.emit({ type: 'text-delta', text: 'B' });
    frame();
    expect(chat.getSnapshot()).toMatchObject({ status: 'ready', messages: [] });
  });
});

describe('chat controller: detach', () => {
  it('stops the reply; an injected client is kept and the controller stays usable', async () => {
    const { chat, client } = await loadedAndSent('Hi');
    chat.detach();
    expect(client.calls[0]!.options.signal?.aborted).toBe(true);
    expect(chat.getSnapshot().status).toBe('ready');
    void chat.sendMessage('Again');
    await settle();
    expect(client.calls).toHaveLength(2);
  });
});
