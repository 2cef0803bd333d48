/**
 * `contextOverflow`: which turns `drop-oldest` leaves out (whole turns, never
 * a system message or the question being answered, the fewest that make room
 * for the reply), and what `error` reports — on the real Qwen3 tokenizer and
 * chat template, counted against `measurePrompt`, the count
 * `measureContextUsage()` returns.
 */
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { droppableTurns, replyReserve, trimToFit } from '../../src/engine/context-trim.js';
import { specialTokens } from '../../src/engine/load-model.js';
import type { ModelSession } from '../../src/engine/model-session.js';
import { measurePrompt, planPrompt } from '../../src/engine/prompt-plan.js';
import { Qwen3Error } from '../../src/errors.js';
import type { ChatMessage } from '../../src/types.js';

const system: ChatMessage = { role: 'system', content: 'You are a lighthouse keeper who answers in one sentence.' };
const user = (i: number): ChatMessage => ({ role: 'user', content: `Question ${i}: what did the ships carry past the rocks on day ${i}?` });
const assistant = (i: number): ChatMessage => ({ role: 'assistant', content: `On day ${i} they carried salt, timber and letters for the mainland.` });
/** A system prompt, `turns` question–answer pairs, and the question being asked. */
function conversation(turns: number): ChatMessage[] {
  const messages: ChatMessage[] = [system];
  for (let i = 0; i < turns; i++) messages.push(user(i), assistant(i));
  messages.push({ role: 'user', content: 'And what do they carry today?' });
  return messages;
}

let tokenizer: PreTrainedTokenizer;
beforeAll(async () => {
  env.allowRemoteModels = false;
  env.localModelPath = `${fileURLToPath(new URL('../../models/', import.meta.url))}`;
  tokenizer = await AutoTokenizer.from_pretrained('qwen3-web/Qwen3-Tiny-ONNX');
}, 60_000);

function session(contextWindow: number): ModelSession {
  return {
    tokenizer,
    special: specialTokens(tokenizer),
    thinkingMode: 'hybrid',
    info: { contextWindow, contextLength: contextWindow },
  } as unknown as ModelSession;
}

describe('turns', () => {
  it('are a user message with what follows it; system messages and the last question are never among them', () => {
    const messages = conversation(3);
    messages.splice(3, 0, { role: 'system', content: 'Be brief.' });
    expect(droppableTurns(messages)).toEqual([[1, 2], [4, 5], [6, 7]]);
    expect(droppableTurns([{ role: 'assistant', content: 'Hello!' }, user(0), assistant(0), user(1)])).toEqual([[0], [1, 2]]);
    expect(droppableTurns([system, user(0)])).toEqual([]);
  });

  it('keep room for the reply: maxNewTokens, else the budget and the answer, at most half the window', () => {
    expect(replyReserve(100, Infinity, true, 4096)).toBe(100);
    expect(replyReserve(undefined, 64, true, 100_000)).toBe(64 + 32 + 2048);
    expect(replyReserve(undefined, Infinity, true, 100_000)).toBe(2048);
    expect(replyReserve(undefined, 1024, true, 1000)).toBe(500);
    expect(replyReserve(undefined, 0, false, 100_000)).toBe(2048);
  });
});

describe("drop-oldest on Qwen3's template", () => {
  it('drops the fewest oldest whole turns that leave room for the reply, and reports them', () => {
    const messages = conversation(12);
    const window = 400;
    const options = { contextOverflow: 'drop-oldest', thinking: false, maxNewTokens: 64 } as const;
    const whole = measurePrompt(session(window), messages, options);
    expect(whole).toBeGreaterThan(window);
    const plan = planPrompt(session(window), messages, options);
    const trimmed = plan.trimmed!;
    expect(trimmed).toMatchObject({ type: 'context-trimmed', tokensBefore: whole, tokensAfter: plan.ids.length, reservedTokens: 64, contextWindow: window });
    // Whole turns, oldest first; the system prompt and the question stay.
    expect(trimmed.droppedIndices).toEqual(Array.from({ length: 2 * trimmed.droppedTurns }, (_, i) => i + 1));
    expect(plan.messages[0]).toEqual(system);
    expect(plan.messages.at(-1)).toEqual(messages.at(-1));
    expect(plan.messages[1]!.role).toBe('user');
    // Exact: the plan's prompt is what the tokenizer makes of the kept messages, and it fits with the reserve…
    expect(plan.ids.length).toBe(measurePrompt(session(window), plan.messages, options));
    expect(plan.ids.length + 64).toBeLessThanOrEqual(window);
    // …while keeping one more turn would not.
    const oneMore = [system, ...messages.slice(2 * trimmed.droppedTurns - 1)];
    expect(measurePrompt(session(window), oneMore, options) + 64).toBeGreaterThan(window);
  });

  it('counts the thinking mode: the opened think block and the reserve for the budget', () => {
    const messages = conversation(2);
    const off = measurePrompt(session(4096), messages, { thinking: false });
    const on = measurePrompt(session(4096), messages, { thinking: true });
    // `<think>\n` opened in the prompt when thinking; Qwen3's template closes an empty one when not.
    expect(on).not.toBe(off);
    expect(planPrompt(session(4096), messages, { thinking: true }).ids.length).toBe(on);
    const reserveWithBudget = planPrompt(session(2 * on + 200), conversation(40), { contextOverflow: 'drop-oldest', thinkingBudget: 100 }).trimmed!;
    expect(reserveWithBudget.reservedTokens).toBe(Math.min(100 + 32 + 2048, Math.floor((2 * on + 200) / 2)));
  });

  it('leaves a conversation that fits alone', () => {
    const plan = planPrompt(session(4096), conversation(2), { contextOverflow: 'drop-oldest', thinking: false, maxNewTokens: 64 });
    expect(plan.trimmed).toBeUndefined();
    expect(plan.messages).toEqual(conversation(2));
  });

  it('renders the template O(log turns) times', () => {
    const messages = conversation(64);
    let renders = 0;
    const render = (kept: readonly ChatMessage[]): number[] => {
      renders++;
      return planPrompt(session(1_000_000), kept, { thinking: false }).ids;
    };
    const result = trimToFit(messages, render, 500, 64);
    expect(result.droppedTurns).toBeGreaterThan(50);
    expect(renders).toBeLessThanOrEqual(9);
  });

  it('fails with CONTEXT_OVERFLOW when even the last question alone does not fit', () => {
    const messages = [system, ...conversation(3).slice(1, -1), { role: 'user', content: 'lighthouse '.repeat(300) } as ChatMessage];
    const error = (() => {
      try {
        planPrompt(session(200), messages, { contextOverflow: 'drop-oldest', thinking: false });
      } catch (caught) {
        return caught;
      }
    })();
    expect(Qwen3Error.isInstance(error) && error.code).toBe('CONTEXT_OVERFLOW');
    expect((error as Qwen3Error).details).toMatchObject({ contextWindow: 200, policy: 'drop-oldest' });
  });
});

describe('error (the default)', () => {
  it('fails before anything runs, with the numbers', () => {
    const messages = conversation(12);
    const whole = measurePrompt(session(400), messages, {});
    expect(() => planPrompt(session(400), messages, {})).toThrow(Qwen3Error);
    try {
      planPrompt(session(400), messages, {});
    } catch (error) {
      expect((error as Qwen3Error).code).toBe('CONTEXT_OVERFLOW');
      expect((error as Qwen3Error).details).toEqual({ requestedTokens: whole, contextWindow: 400, contextLength: 400, policy: 'error' });
    }
  });
});
