/**
 * The chat's default thinking budget is finite and follows what reasoning
 * costs on the device: the largest slider step reached in about 20 s at the
 * estimated, then measured, decode speed. And the chat never sets
 * `maxNewTokens` itself, so the engine's default covers the budget.
 */
import { describe, expect, it } from 'vitest';
import {
  FALLBACK_THINKING_BUDGET,
  MIN_DEFAULT_THINKING_BUDGET,
  REASONING_SECONDS,
  thinkingBudgetForSpeed,
} from '../../src/chat/default-thinking-budget.js';
import { THINKING_BUDGET_STEPS } from '../../src/chat/thinking-budget-steps.js';
import type { LoadedModel } from '../../src/types.js';
import { finishEvent, LOADED, settle, setup } from './support/chat-fake-client.js';

/** Qwen3-0.6B q4 on WASM: about 5 tokens/s on one thread (Node has no navigator: 1 thread). */
const SMALL_ON_WASM: LoadedModel = { ...LOADED, model: 'onnx-community/Qwen3-0.6B-ONNX', dtype: 'q4', device: 'wasm' };
/** Qwen3-0.6B q4f16 on WebGPU: about 35 tokens/s for an unknown adapter. */
const SMALL_ON_WEBGPU: LoadedModel = { ...LOADED, model: 'onnx-community/Qwen3-0.6B-ONNX', dtype: 'q4f16', device: 'webgpu' };

async function loaded(model: LoadedModel, extra: Parameters<typeof setup>[0] = {}) {
  const context = setup(extra);
  const loading = context.chat.load();
  await context.client.finishLoad(model);
  await loading;
  return context;
}

/** Sends a message and finishes the reply with the given decode speed and token counts. */
async function reply(context: Awaited<ReturnType<typeof loaded>>, tokensPerSecond: number, tokens: number): Promise<void> {
  const sending = context.chat.sendMessage('Hi');
  await settle();
  const finish = finishEvent([{ type: 'text', text: 'ok' }]);
  finish.usage = { ...finish.usage, completionTokens: tokens, reasoningTokens: Math.min(tokens, 10) };
  finish.timings = { ...finish.timings, decodeTokensPerSecond: tokensPerSecond };
  await context.client.emit(finish);
  await context.client.end();
  await sending;
}

describe('thinkingBudgetForSpeed', () => {
  it('takes the largest finite slider step reasoned through in 20 s, at least 128 tokens', () => {
    expect(REASONING_SECONDS).toBe(20);
    expect(thinkingBudgetForSpeed(30)).toBe(512); // 600 tokens in 20 s
    expect(thinkingBudgetForSpeed(60)).toBe(1024); // 1,200
    expect(thinkingBudgetForSpeed(120)).toBe(2048);
    expect(thinkingBudgetForSpeed(1000)).toBe(4096);
    expect(thinkingBudgetForSpeed(5)).toBe(MIN_DEFAULT_THINKING_BUDGET);
    expect(thinkingBudgetForSpeed(0)).toBe(FALLBACK_THINKING_BUDGET);
    for (const speed of [0.5, 3, 9, 17, 40, 77, 150, 400]) {
      const budget = thinkingBudgetForSpeed(speed);
      expect(Number.isFinite(budget)).toBe(true);
      expect(THINKING_BUDGET_STEPS).toContain(budget);
    }
  });
});

describe('chat controller: the default thinking budget', () => {
  it('is finite before the model loads, and never Infinity', () => {
    const { chat } = setup();
    expect(chat.getSnapshot()).toMatchObject({ thinkingBudget: FALLBACK_THINKING_BUDGET, autoThinkingBudget: true });
    expect(Number.isFinite(chat.getSnapshot().thinkingBudget)).toBe(true);
  });

  it('follows the estimated speed of the loaded model on its device', async () => {
    expect((await loaded(SMALL_ON_WASM)).chat.getSnapshot().thinkingBudget).toBe(128);
    expect((await loaded(SMALL_ON_WEBGPU)).chat.getSnapshot().thinkingBudget).toBe(512);
  });

  it('then follows the measured speed of each reply long enough to tell', async () => {
    const context = await loaded(SMALL_ON_WASM);
    await reply(context, 60, 8); // too short to measure
    expect(context.chat.getSnapshot().thinkingBudget).toBe(128);
    await reply(context, 60, 100);
    expect(context.chat.getSnapshot().thinkingBudget).toBe(1024);
    await reply(context, 14, 100);
    expect(context.chat.getSnapshot().thinkingBudget).toBe(256);
  });

  it('is sent with every request, without a maxNewTokens the app did not set', async () => {
    const context = await loaded(SMALL_ON_WEBGPU);
    void context.chat.sendMessage('Hi');
    await settle();
    const options = context.client.calls[0]!.options;
    expect(options.thinkingBudget).toBe(512);
    expect(options).not.toHaveProperty('maxNewTokens');
  });

  it('stops following the device once the app or the user chose a budget', async () => {
    const chosen = await loaded(SMALL_ON_WASM, { thinkingBudget: 64 });
    expect(chosen.chat.getSnapshot()).toMatchObject({ thinkingBudget: 64, autoThinkingBudget: false });
    await reply(chosen, 60, 100);
    expect(chosen.chat.getSnapshot().thinkingBudget).toBe(64);

    const unlimited = await loaded(SMALL_ON_WASM, { thinkingBudget: Infinity });
    expect(unlimited.chat.getSnapshot().thinkingBudget).toBe(Infinity);

    const user = await loaded(SMALL_ON_WASM);
    user.chat.setThinkingBudget(2048);
    expect(user.chat.getSnapshot().autoThinkingBudget).toBe(false);
    await reply(user, 5, 100);
    expect(user.chat.getSnapshot().thinkingBudget).toBe(2048);
  });
});
