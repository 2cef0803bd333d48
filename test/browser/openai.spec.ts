/**
 * `client.chat.completions.create()` in real Chromium, through the worker,
 * on the builder-style model (fp32, greedy): OpenAI's response and chunk
 * shapes carrying what `client.chat()` generates, the reasoning in
 * `reasoning_content`, usage in the last chunk, tool calls both ways, and
 * typed refusals. test/types/openai-compat.ts checks the shapes against
 * the official `openai` types.
 */
import type { ChatCompletionChunk } from '../../src/openai/types.js';
import { BUILDER_MODEL, expect, sharedLoadedPage, test } from './fixtures.js';

const page = sharedLoadedPage({ model: BUILDER_MODEL, device: 'wasm', dtype: 'fp32', warmUp: false });
const question = [{ role: 'user' as const, content: 'Name a colour.' }];

test('a completion and a stream carry what chat() generates, in OpenAI shapes, with usage last', async () => {
  const result = await page().evaluate(async (question) => {
    const client = window.harness.client();
    let text = '';
    for await (const event of client.chat(question, { thinking: false, maxNewTokens: 10, temperature: 0 })) if (event.type === 'text-delta') text += event.text;
    const completion = await client.chat.completions.create({ messages: question, max_tokens: 10, temperature: 0, chat_template_kwargs: { enable_thinking: false } });
    const chunks: ChatCompletionChunk[] = [];
    const stream = await client.chat.completions.create({ messages: question, max_tokens: 10, temperature: 0, chat_template_kwargs: { enable_thinking: false }, stream: true, stream_options: { include_usage: true } });
    for await (const chunk of stream) chunks.push(chunk);
    return { text, completion, chunks, model: client.loaded!.model };
  }, question);
  const { completion, chunks } = result;
  expect(completion).toMatchObject({ object: 'chat.completion', model: result.model, choices: [{ index: 0, finish_reason: 'length', logprobs: null, message: { role: 'assistant', content: result.text, reasoning_content: null, refusal: null } }] });
  expect(completion.id).toMatch(/^chatcmpl-/);
  expect(completion.usage).toMatchObject({ completion_tokens: 10, completion_tokens_details: { reasoning_tokens: 0 } });
  expect(completion.usage.total_tokens).toBe(completion.usage.prompt_tokens + 10);
  expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '' });
  expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.id === chunks[0]!.id)).toBe(true);
  expect(chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta.content ?? '')).join('')).toBe(result.text);
  const last = chunks.at(-1)!;
  expect(last.choices).toEqual([]);
  expect(last.usage).toMatchObject({ completion_tokens: 10, prompt_tokens: completion.usage.prompt_tokens });
  expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('length');
  expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
});

test('thinking: the reasoning arrives as reasoning_content, and the budget cuts it', async () => {
  const result = await page().evaluate(async (question) => {
    const client = window.harness.client();
    const completion = await client.chat.completions.create({ messages: question, max_tokens: 80, temperature: 0, thinking_budget: 6 });
    const reasoning: string[] = [];
    for await (const chunk of await client.chat.completions.create({ messages: question, max_tokens: 80, temperature: 0, thinking_budget: 6, stream: true })) {
      const delta = chunk.choices[0]?.delta;
      if (delta?.reasoning_content) reasoning.push(delta.reasoning_content);
    }
    return { completion, reasoning: reasoning.join('') };
  }, question);
  const message = result.completion.choices[0]!.message;
  expect(message.reasoning_content).toContain('Considering the limited time');
  expect(result.reasoning).toBe(message.reasoning_content);
  expect(result.completion.usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(6);
});

test('tools: a forced call comes back as tool_calls, streamed by index, and its result is taken back', async () => {
  const tools = [{ type: 'function' as const, function: { name: 'get_time', description: 'The time now.' } }];
  const result = await page().evaluate(async ({ question, tools }) => {
    const client = window.harness.client();
    const ask = { messages: question, tools, tool_choice: { type: 'function' as const, function: { name: 'get_time' } }, max_tokens: 40, temperature: 0, chat_template_kwargs: { enable_thinking: false } };
    const completion = await client.chat.completions.create(ask);
    const calls: unknown[] = [];
    let finish: string | null = null;
    for await (const chunk of await client.chat.completions.create({ ...ask, stream: true })) {
      calls.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    const call = completion.choices[0]!.message.tool_calls![0]!;
    const next = await client.chat.completions.create({
      messages: [...question, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: '14:05' }],
      tools,
      max_tokens: 4,
      temperature: 0,
      chat_template_kwargs: { enable_thinking: false },
    });
    return { completion, calls, finish, next };
  }, { question, tools });
  const choice = result.completion.choices[0]!;
  expect(choice.finish_reason).toBe('tool_calls');
  expect(choice.message.content).toBeNull();
  expect(choice.message.tool_calls).toEqual([{ id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_time', arguments: '{}' } }]);
  expect(result.finish).toBe('tool_calls');
  expect(result.calls[0]).toMatchObject({ index: 0, id: expect.any(String), type: 'function', function: { name: 'get_time', arguments: '' } });
  const streamedArguments = (result.calls as Array<{ function?: { arguments?: string } }>).map((call) => call.function?.arguments ?? '').join('');
  expect(streamedArguments).toBe('{}');
  expect(result.next.choices[0]!.finish_reason).toBe('length');
  // The reply after the result reused the cache through the call.
  expect(result.next.usage.prompt_tokens_details.cached_tokens).toBeGreaterThan(0);
});

test('response_format: json_schema and json_object answers are JSON after free reasoning, streamed or not', async () => {
  const schema = { type: 'object', properties: { colour: { enum: ['red', 'green', 'blue'] }, bright: { type: 'boolean' } }, required: ['colour', 'bright'], additionalProperties: false };
  const result = await page().evaluate(async ({ question, schema }) => {
    const client = window.harness.client();
    const completion = await client.chat.completions.create({
      messages: question,
      max_tokens: 80,
      temperature: 0,
      thinking_budget: 8,
      response_format: { type: 'json_schema', json_schema: { name: 'colour', strict: true, schema } },
    });
    let streamed = '';
    const stream = await client.chat.completions.create({ messages: question, max_tokens: 80, temperature: 0, chat_template_kwargs: { enable_thinking: false }, response_format: { type: 'json_object' }, stream: true });
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
    return { completion, streamed };
  }, { question, schema });
  const message = result.completion.choices[0]!.message;
  expect(message.reasoning_content?.length).toBeGreaterThan(0);
  expect(JSON.parse(message.content!)).toMatchObject({ colour: expect.stringMatching(/^(red|green|blue)$/), bright: expect.any(Boolean) });
  expect(result.completion.choices[0]!.finish_reason).toBe('stop');
  // json_object: an object, whatever is in it (the random model may not finish it within max_tokens).
  expect(result.streamed.startsWith('{')).toBe(true);
});

test('what it cannot do is refused with a typed error, and an abort rejects', async () => {
  const codes = await page().evaluate(async (question) => {
    const client = window.harness.client();
    const code = async (run: () => Promise<unknown>) => {
      try {
        const result = await run();
        if (result && typeof result === 'object' && Symbol.asyncIterator in result) for await (const chunk of result as AsyncIterable<unknown>) void chunk;
        return 'resolved';
      } catch (error) {
        return (error as { code?: string }).code ?? String(error);
      }
    };
    const controller = new AbortController();
    const aborted = client.chat.completions.create({ messages: question, max_tokens: 400, chat_template_kwargs: { enable_thinking: false } }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    return {
      n: await code(() => client.chat.completions.create({ messages: question, n: 2 })),
      json: await code(() => client.chat.completions.create({ messages: question, response_format: { type: 'xml' } as never })),
      image: await code(() => client.chat.completions.create({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:,' } } as never] }] })),
      custom: await code(() => client.chat.completions.create({ messages: question, tools: [{ type: 'custom', custom: { name: 'x' } } as never] })),
      aborted: await code(() => aborted),
      after: await code(() => client.chat.completions.create({ messages: question, max_tokens: 2 })),
    };
  }, question);
  expect(codes).toEqual({ n: 'INVALID_ARGUMENT', json: 'INVALID_ARGUMENT', image: 'UNSUPPORTED', custom: 'UNSUPPORTED', aborted: 'ABORTED', after: 'resolved' });
});
