/**
 * The page the AI SDK browser tests drive: the real `ai` package's
 * `streamText` / `generateText` and `@ai-sdk/react`'s `useChat` on the
 * `qwen3-web/ai` provider, against the hub server's builder model
 * (`?host=`, `?model=`), fp32 on WASM.
 */
import { useChat } from '@ai-sdk/react';
import { generateText, jsonSchema, Output, stepCountIs, streamText, tool } from 'ai';
import { useState, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { createQwen3, qwen3ChatTransport } from '../../../src/ai/index.js';
import { createQwen3Client } from '../../../src/index.js';

const params = new URLSearchParams(location.search);
const client = createQwen3Client();
const provider = createQwen3({ client, load: { host: params.get('host') ?? '', device: 'wasm', dtype: 'fp32', warmUp: false } });
const model = provider(params.get('model') ?? '');

/** A tool without parameters, so that a forced call is written whole by the random model. */
const clock = (runs: { count: number }) =>
  tool({
    description: 'The time now.',
    inputSchema: jsonSchema<Record<string, never>>({ type: 'object', properties: {} }),
    execute: async () => {
      runs.count++;
      return '14:05';
    },
  });

const api = {
  async streamText(prompt: string, options: { thinking: boolean; maxOutputTokens: number; thinkingBudget?: number; abortAfterParts?: number }) {
    const controller = new AbortController();
    const result = streamText({
      model,
      prompt,
      maxOutputTokens: options.maxOutputTokens,
      temperature: 0,
      abortSignal: controller.signal,
      providerOptions: { qwen3: { thinking: options.thinking, ...(options.thinkingBudget !== undefined && { thinkingBudget: options.thinkingBudget }) } },
    });
    const parts: string[] = [];
    let text = '';
    let reasoning = '';
    let aborted = false;
    for await (const part of result.fullStream) {
      parts.push(part.type);
      if (part.type === 'text-delta') text += part.text;
      if (part.type === 'reasoning-delta') reasoning += part.text;
      if (part.type === 'abort') aborted = true;
      if (part.type === 'error') throw part.error;
      if (options.abortAfterParts !== undefined && parts.length === options.abortAfterParts) controller.abort();
    }
    if (aborted) return { parts, text, reasoning, aborted };
    return { parts, text, reasoning, aborted, usage: await result.totalUsage, finishReason: await result.finishReason, fullReasoning: await result.reasoningText };
  },
  async generateText(prompt: string) {
    const result = await generateText({ model, prompt, maxOutputTokens: 10, temperature: 0, providerOptions: { qwen3: { thinking: false } } });
    return { text: result.text, usage: result.usage, finishReason: result.finishReason };
  },
  /** `Output.object` (ai 7's generateObject): generateText and streamText's partial objects, thinking first. */
  async objectOutput() {
    const colour = Output.object({
      schema: jsonSchema<{ colour: 'red' | 'green' | 'blue'; bright: boolean }>({
        type: 'object',
        properties: { colour: { enum: ['red', 'green', 'blue'] }, bright: { type: 'boolean' } },
        required: ['colour', 'bright'],
        additionalProperties: false,
      }),
    });
    const generated = await generateText({ model, prompt: 'Pick a colour.', output: colour, maxOutputTokens: 80, temperature: 0, providerOptions: { qwen3: { thinkingBudget: 8 } } });
    const streamed = streamText({ model, prompt: 'Pick a colour.', output: colour, maxOutputTokens: 80, temperature: 0.8, seed: 3, providerOptions: { qwen3: { thinking: false } } });
    const partials: unknown[] = [];
    for await (const partial of streamed.partialOutputStream) partials.push(partial);
    return { object: generated.output, reasoning: generated.reasoningText, warnings: generated.warnings, partials, streamedObject: await streamed.output };
  },
  async toolLoop() {
    const runs = { count: 0 };
    const result = await generateText({
      model,
      prompt: 'What time is it?',
      tools: { get_time: clock(runs) },
      // Forced in the first step only: the AI SDK applies toolChoice to every step.
      prepareStep: ({ stepNumber }) => (stepNumber === 0 ? { toolChoice: { type: 'tool', toolName: 'get_time' } } : { toolChoice: 'none' }),
      stopWhen: stepCountIs(2),
      maxOutputTokens: 24,
      temperature: 0,
      providerOptions: { qwen3: { thinking: false } },
    });
    return {
      runs: runs.count,
      steps: result.steps.map((step) => ({ finishReason: step.finishReason, toolCalls: step.toolCalls.map((call) => ({ toolName: call.toolName, input: call.input })), toolResults: step.toolResults.map((r) => r.output), cached: step.usage.inputTokenDetails?.cacheReadTokens })),
    };
  },
};

declare global {
  interface Window {
    ai: typeof api;
    toolRuns: { count: number };
  }
}
window.ai = api;
window.toolRuns = { count: 0 };

/** useChat on the transport: the model runs in the page, a forced clock call executes between steps. */
function UseChatApp(): ReactElement {
  const [input, setInput] = useState('');
  const { messages, sendMessage, status } = useChat({
    transport: qwen3ChatTransport({
      model,
      tools: { get_time: clock(window.toolRuns) },
      prepareStep: ({ stepNumber }) => (stepNumber === 0 ? { toolChoice: { type: 'tool', toolName: 'get_time' } } : { toolChoice: 'none' }),
      stopWhen: stepCountIs(2),
      maxOutputTokens: 24,
      temperature: 0,
      providerOptions: { qwen3: { thinking: false } },
    }),
  });
  return (
    <div>
      <p id="chat-status">{status}</p>
      <ol id="messages">
        {messages.map((message) => (
          <li key={message.id} data-role={message.role}>
            {message.parts.map((part, index) => (
              <span key={index} data-part={part.type} data-state={'state' in part ? String(part.state) : undefined}>
                {part.type === 'text' ? part.text : part.type.startsWith('tool-') && 'output' in part ? String(part.output) : ''}
              </span>
            ))}
          </li>
        ))}
      </ol>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void sendMessage({ text: input });
          setInput('');
        }}
      >
        <input aria-label="Message" value={input} onChange={(event) => setInput(event.target.value)} />
        <button type="submit">Send</button>
      </form>
    </div>
  );
}

if (params.get('scenario') === 'use-chat') createRoot(document.getElementById('root')!).render(<UseChatApp />);
document.getElementById('status')!.textContent = 'ready';
