/**
 * Multi-turn KV-cache reuse: same replies as without reuse, far less prefill.
 * On the builder-style graph in q4f16 (GroupQueryAttention over an fp16 KV
 * cache, external data in two chunks), as users load it; one loaded engine
 * serves every test, so each also starts from whatever cache the one before left.
 */
import { loadTinyTokenizer } from '../../scripts/tiny-model/load-tokenizer.js';
import { STOP_THINKING_TEXT } from '../../src/core/thinking-budget.js';
import type { ChatMessage, FinishEvent, MessagePart } from '../../src/index.js';
import { BUILDER_MODEL, expect, sharedLoadedPage, test } from './fixtures.js';

const QUESTIONS = ['What is 17 times 23?', 'Now divide it by 3.', 'Explain your steps.', 'Is it prime?', 'Summarise in one line.'];
const EIGHT_QUESTIONS = [...QUESTIONS, 'Why?', 'Give an example.', 'Thanks.'];

const loadedPage = sharedLoadedPage({ model: BUILDER_MODEL, device: 'wasm', dtype: 'q4f16' });

/** Runs a 5-turn thinking conversation; returns each turn's finish event. */
function conversation(
  page: import('@playwright/test').Page,
  reuseKvCache: boolean,
  { thinkingBudget = 6, maxNewTokens = 30, questions = QUESTIONS }: { thinkingBudget?: number; maxNewTokens?: number; questions?: string[] } = {},
) {
  return page.evaluate(
    async ({ questions, reuseKvCache, thinkingBudget, maxNewTokens }) => {
      const messages: ChatMessage[] = [];
      const finishes: FinishEvent[] = [];
      for (const question of questions) {
        messages.push({ role: 'user', content: question });
        const run = await window.harness.chat(messages, { thinkingBudget, maxNewTokens, temperature: 0, reuseKvCache });
        if (run.error) throw new Error(run.error.message);
        const finish = run.events.find((event): event is FinishEvent => event.type === 'finish')!;
        finishes.push(finish);
        messages.push(finish.message);
      }
      return finishes;
    },
    { questions, reuseKvCache, thinkingBudget, maxNewTokens },
  );
}

/** A reply part with its timing zeroed: only the tokens must match. */
const withoutTiming = (part: MessagePart) => (part.type === 'reasoning' ? { ...part, durationMs: 0 } : part);

test('over 8 thinking turns, replies with reuse equal replies without, with far less prefill', async () => {
  const page = loadedPage();
  const questions = EIGHT_QUESTIONS;
  const without = await conversation(page, false, { questions });
  const withReuse = await conversation(page, true, { questions });
  const withoutAgain = await conversation(page, false, { questions });

  // Same tokens, same text; only the timings may differ.
  const content = (finishes: FinishEvent[]) => finishes.map((f) => f.message.content.map(withoutTiming));
  expect(content(withReuse)).toEqual(content(without));
  expect(content(withoutAgain)).toEqual(content(without));
  // Each turn really reasoned (the budget cut it: 6 tokens, then the forced instruction through </think>) and answered.
  const tokenizer = await loadTinyTokenizer();
  const forced = tokenizer.encode(STOP_THINKING_TEXT, { add_special_tokens: false }).indexOf(151668) + 1;
  for (const finish of withReuse) expect(finish.usage).toMatchObject({ reasoningTokens: 6 + forced });

  // Without reuse every prompt token is prefilled.
  for (const finish of without) expect(finish.usage.prefillTokens).toBe(finish.usage.promptTokens);
  // With reuse, turns 2–5 prefill only what the cache does not hold. The
  // template drops the previous turn's reasoning, so the cache is cut back to
  // the shared prefix (before that reasoning) — still far less than the prompt.
  // Even turn 1 reuses: the engine kept the cache of the conversation before,
  // whose prompts open with the same first question.
  for (const finish of withReuse) {
    expect(finish.usage.prefillTokens).toBeLessThan(finish.usage.promptTokens);
    expect(finish.usage.prefillTokens).toBeGreaterThan(0);
  }
  // Each later turn prefills about its new question plus the previous answer.
  const later = withReuse.slice(1);
  const prefilled = later.reduce((sum, f) => sum + f.usage.prefillTokens, 0);
  const prompted = later.reduce((sum, f) => sum + f.usage.promptTokens, 0);
  expect(prefilled).toBeLessThan(prompted / 2);
  test.info().annotations.push({ type: 'prefill', description: `${prefilled} of ${prompted} prompt tokens prefilled with reuse` });
});

test('after a reply the engine prefills it as history, so the next turn prefills only its new message', async () => {
  const page = loadedPage();
  // Budget 2, then the ~25 forced stop-thinking tokens, then an answer of about 18 tokens.
  const turns = await conversation(page, true, { thinkingBudget: 2, maxNewTokens: 45 });
  const answerTokens = turns.map((turn) => turn.usage.completionTokens - turn.usage.reasoningTokens);
  expect(Math.min(...answerTokens)).toBeGreaterThan(10);
  // The history prefilled ahead gives the same replies as a full prefill.
  const plain = await conversation(page, false, { thinkingBudget: 2, maxNewTokens: 45 });
  expect(turns.map((turn) => turn.message.content.map(withoutTiming))).toEqual(plain.map((turn) => turn.message.content.map(withoutTiming)));

  // Turn k's prompt is the history, rendered as the template renders it, then
  // the new turn. The history (with the previous reply in its re-rendered
  // form, reasoning dropped) was prefilled while the page sent the next
  // message; only the new turn remains, down to the token.
  const tokenizer = await loadTinyTokenizer();
  for (let k = 1; k < QUESTIONS.length; k++) {
    const newTurn = `<|im_start|>user\n${QUESTIONS[k]}<|im_end|>\n<|im_start|>assistant\n<think>\n`;
    expect(turns[k]!.usage.prefillTokens, `turn ${k + 1}`).toBe(tokenizer.encode(newTurn, { add_special_tokens: false }).length);
  }
});

test('an unrelated conversation after a cached one is answered as if fresh', async () => {
  const page = loadedPage();
  const ask = (content: string, reuseKvCache: boolean) =>
    page.evaluate(
      async ({ content, reuseKvCache }) => {
        const run = await window.harness.chat([{ role: 'user', content }], { thinking: false, maxNewTokens: 16, temperature: 0, reuseKvCache });
        return run.events.find((event): event is FinishEvent => event.type === 'finish')!;
      },
      { content, reuseKvCache },
    );
  const fresh = await ask('Tell me about cats.', false);
  await ask('Something else entirely, and longer than the other prompt.', true);
  const afterOther = await ask('Tell me about cats.', true);
  expect(afterOther.message).toEqual(fresh.message);
  // Only the template's shared opening was reused.
  expect(afterOther.usage.prefillTokens).toBeLessThan(afterOther.usage.promptTokens);
});

test('a conversation refused with CONTEXT_OVERFLOW leaves the cache in place: the next turn still reuses it', async () => {
  const page = loadedPage();
  const turns = await page.evaluate(async () => {
    const options = { thinking: false, maxNewTokens: 6, temperature: 0 };
    const first = await window.harness.chat([{ role: 'user', content: 'Tell me about cats.' }], options);
    const reply = first.events.find((event): event is FinishEvent => event.type === 'finish')!.message;
    // About 45,000 tokens: more than the 40,960 positions the model has.
    const oversize = await window.harness.chat([{ role: 'user', content: 'word '.repeat(45_000) }], options);
    const next = await window.harness.chat([{ role: 'user', content: 'Tell me about cats.' }, reply, { role: 'user', content: 'And dogs?' }], options);
    return { overflow: oversize.error?.code, next: next.events.find((event): event is FinishEvent => event.type === 'finish')!.usage };
  });
  expect(turns.overflow).toBe('CONTEXT_OVERFLOW');
  // The first turn's cache (taken before the refusal in the old code, and never
  // disposed) still serves the shared prefix.
  expect(turns.next.prefillTokens).toBeLessThan(turns.next.promptTokens / 2);
});
