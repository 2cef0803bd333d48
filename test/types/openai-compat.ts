/**
 * `client.chat.completions.create()` against the official `openai` package's
 * types (type-checked by `npm run typecheck`, never run): requests written
 * for OpenAI's SDK are accepted as they are, and what comes back is
 * OpenAI's `ChatCompletion` / `ChatCompletionChunk`.
 */
import type OpenAI from 'openai';
import type { Qwen3Client } from '../../src/index.js';

const tools: OpenAI.Chat.ChatCompletionTool[] = [
  {
    type: 'function',
    function: { name: 'get_weather', description: 'The weather in a city.', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  },
];

const history: OpenAI.Chat.ChatCompletionMessageParam[] = [
  { role: 'developer', content: 'Be brief.' },
  { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
  { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } }] },
  { role: 'tool', tool_call_id: 'call_1', content: '18 °C, clear' },
];

export async function openaiCompat(client: Qwen3Client): Promise<void> {
  const streaming: OpenAI.Chat.ChatCompletionCreateParamsStreaming = {
    model: 'onnx-community/Qwen3-0.6B-ONNX',
    messages: history,
    stream: true,
    stream_options: { include_usage: true },
    max_tokens: 256,
    temperature: 0.6,
    top_p: 0.95,
    seed: 7,
    tools,
    tool_choice: 'auto',
  };
  const chunks = await client.chat.completions.create(streaming, { signal: new AbortController().signal });
  for await (const chunk of chunks) {
    const official: OpenAI.Chat.ChatCompletionChunk = chunk;
    void official.choices[0]?.delta.content;
  }

  const plain: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = { model: 'qwen3', messages: [{ role: 'user', content: 'Hi' }], max_completion_tokens: 64, tool_choice: { type: 'function', function: { name: 'get_weather' } }, tools };
  const completion = await client.chat.completions.create(plain);
  const official: OpenAI.Chat.ChatCompletion = completion;
  void official.choices[0]?.message.tool_calls;
  // Qwen3's extras, as vLLM and SGLang take and return them.
  const thinking = await client.chat.completions.create({ messages: [{ role: 'user', content: 'Hi' }], chat_template_kwargs: { enable_thinking: false }, thinking_budget: 128 });
  const reasoning: string | null | undefined = thinking.choices[0]?.message.reasoning_content;
  void reasoning;
  // JSON answers, as OpenAI's SDK asks for them.
  const schema: OpenAI.ResponseFormatJSONSchema = { type: 'json_schema', json_schema: { name: 'city', strict: true, schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };
  const objectFormat: OpenAI.ResponseFormatJSONObject = { type: 'json_object' };
  for (const response_format of [schema, objectFormat]) {
    const json: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = { model: 'qwen3', messages: [{ role: 'user', content: 'Where?' }], response_format };
    void (await client.chat.completions.create(json)).choices[0]?.message.content;
  }
}
