/**
 * `sendMessage()` while a reply is in progress is not dropped: it rejects
 * with `BUSY` and changes nothing; `busy` tells a UI when sending is possible.
 */
import { describe, expect, it } from 'vitest';
import { Qwen3Error } from '../../src/errors.js';
import { finishEvent, loadedAndSent, settle, setup } from './support/chat-fake-client.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('it did not reject');
}

describe('chat controller: a message sent while a reply streams', () => {
  it('rejects with BUSY and leaves the conversation, the reply and the status alone', async () => {
    const { chat, client, frame, sending } = await loadedAndSent('first');
    await client.emit({ type: 'text-delta', text: 'Half' });
    frame();
    const before = chat.getSnapshot();
    expect(before).toMatchObject({ status: 'streaming', busy: true });
    const error = await rejection(chat.sendMessage('second'));
    expect(Qwen3Error.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'BUSY', message: expect.stringContaining('stop()') });
    expect(await rejection(chat.regenerate())).toMatchObject({ code: 'BUSY' });
    expect(chat.getSnapshot()).toBe(before);
    expect(client.calls).toHaveLength(1);
    await client.emit(finishEvent([{ type: 'text', text: 'Half done' }]));
    await client.end();
    await sending;
    expect(chat.getSnapshot()).toMatchObject({ status: 'ready', busy: false });
    // Once the reply is over, the next message goes through.
    const next = chat.sendMessage('second');
    await settle();
    expect(client.calls).toHaveLength(2);
    expect(chat.getSnapshot().messages.map((message) => message.content)).toEqual(['first', [{ type: 'text', text: 'Half done' }], 'second']);
    chat.stop();
    await client.end();
    await next;
  });

  it('is busy while the first message waits for the model to load, and rejects a second one then too', async () => {
    const { chat, client } = setup();
    const first = chat.sendMessage('first');
    expect(chat.getSnapshot()).toMatchObject({ status: 'loading', busy: true });
    expect(await rejection(chat.sendMessage('second'))).toMatchObject({ code: 'BUSY' });
    expect(chat.getSnapshot().messages).toHaveLength(1);
    await client.finishLoad();
    expect(client.calls).toHaveLength(1);
    await client.emit(finishEvent([{ type: 'text', text: 'ok' }]));
    await client.end();
    await first;
    expect(chat.getSnapshot().busy).toBe(false);
  });

  it('is free again after stop(), after a failed reply and after a failed load', async () => {
    const stopped = await loadedAndSent('a');
    stopped.chat.stop();
    expect(stopped.chat.getSnapshot().busy).toBe(false);
    void stopped.chat.sendMessage('b');
    await settle();
    expect(stopped.client.calls).toHaveLength(2);

    const failed = await loadedAndSent('a');
    await failed.client.fail(new Qwen3Error('INTERNAL', 'boom'));
    await failed.sending;
    expect(failed.chat.getSnapshot()).toMatchObject({ status: 'error', busy: false });

    const { chat, client } = setup();
    const sending = chat.sendMessage('a');
    await client.failLoad(new Qwen3Error('NETWORK', 'offline'));
    await sending;
    expect(chat.getSnapshot()).toMatchObject({ status: 'error', busy: false });
  });
});
