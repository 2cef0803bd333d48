/** Every message of a chat has a stable `id`; the engine never sees them. */
import { describe, expect, it } from 'vitest';
import { generateMessageId } from '../../src/chat/message-id.js';
import type { ChatMessage } from '../../src/types.js';
import { finishEvent, loadedAndSent, settle, setup } from './support/chat-fake-client.js';

describe('chat controller: message ids', () => {
  it('gives initial messages ids, keeping the ones they have', () => {
    const { chat } = setup({
      initialMessages: [
        { role: 'user', content: 'Hi' },
        { id: 'saved-1', role: 'assistant', content: 'Hello' } as ChatMessage,
      ],
    });
    expect(chat.getSnapshot().messages.map((message) => message.id)).toEqual(['m1', 'saved-1']);
  });

  it('keeps one id for a reply from its first streamed frame to its finish, and hands it to onFinish', async () => {
    const finished: string[] = [];
    const { chat, client, frame, sending } = await loadedAndSent('Hi', { onFinish: (info) => finished.push(info.message.id) });
    const user = chat.getSnapshot().messages[0]!;
    expect(user.id).toBe('m1');
    await client.emit({ type: 'reasoning-delta', text: 'Hmm' });
    frame();
    const replyId = chat.getSnapshot().messages[1]!.id;
    expect(replyId).toBe('m2');
    await client.emit({ type: 'reasoning-end', tokens: 1, durationMs: 5, budgetReached: false }, { type: 'text-delta', text: 'Yes' });
    frame();
    expect(chat.getSnapshot().messages[1]!.id).toBe(replyId);
    await client.emit(finishEvent([{ type: 'text', text: 'Yes' }]));
    await client.end();
    await sending;
    const messages = chat.getSnapshot().messages;
    expect(messages.map((message) => message.id)).toEqual(['m1', 'm2']);
    expect(messages[0]).toBe(user);
    expect(finished).toEqual(['m2']);
  });

  it('sends the engine roles and contents only', async () => {
    const { client } = await loadedAndSent('Hi');
    expect(client.calls[0]!.messages).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it('a stopped reply keeps its id; a regenerated one gets a new one', async () => {
    const { chat, client, frame } = await loadedAndSent('Hi');
    await client.emit({ type: 'text-delta', text: 'Part' });
    frame();
    chat.stop();
    expect(chat.getSnapshot().messages.map((message) => message.id)).toEqual(['m1', 'm2']);
    const again = chat.regenerate();
    await settle();
    await client.emit(finishEvent([{ type: 'text', text: 'New' }]));
    await client.end();
    await again;
    expect(chat.getSnapshot().messages.map((message) => message.id)).toEqual(['m1', 'm3']);
  });

  it('setMessages() gives new messages ids, keeps existing ones, and returns the same array when all have one', async () => {
    const { chat, client, frame } = await loadedAndSent('Hi');
    await client.emit({ type: 'text-delta', text: 'A' });
    frame();
    // The reply in progress is found by id, even in a copied message object.
    chat.setMessages((messages) => [{ role: 'system', content: 'Be brief.' }, ...messages.map((message) => ({ ...message }))]);
    await client.emit({ type: 'text-delta', text: 'B' });
    frame();
    const snapshot = chat.getSnapshot();
    expect(snapshot.status).toBe('streaming');
    expect(snapshot.messages.map((message) => message.id)).toEqual(['m3', 'm1', 'm2']);
    expect(snapshot.messages[2]!.content).toEqual([{ type: 'text', text: 'AB' }]);
    const same = snapshot.messages;
    chat.setMessages(same);
    expect(chat.getSnapshot().messages).toBe(same);
  });
});

describe('generateMessageId', () => {
  it('makes distinct 16-character ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, generateMessageId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-zA-Z]{16}$/);
  });
});
