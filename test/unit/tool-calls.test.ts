/**
 * Tool calls the Qwen3 way, on the real Qwen3 tokenizer and chat template:
 * calls read from generated token ids into streamed events (tool-call-parser.ts
 * through the ReplyBuilder), malformed calls reported as events, tools and
 * tool results rendered by the template so that the next prompt starts with
 * exactly the tokens the model generated (KV reuse across tool rounds), and
 * `toolChoice` as forced tokens.
 */
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { commonPrefixLength } from '../../src/core/common-prefix.js';
import { ReplyBuilder } from '../../src/core/reply-builder.js';
import { ToolCallParser } from '../../src/core/tool-call-parser.js';
import { forcedAnswerTokenAt } from '../../src/core/answer-start.js';
import { forcedCallText } from '../../src/core/tool-choice.js';
import { validateChatOptions, validateMessages } from '../../src/core/validate.js';
import { specialTokens } from '../../src/engine/load-model.js';
import type { ModelSession } from '../../src/engine/model-session.js';
import { planPrompt } from '../../src/engine/prompt-plan.js';
import type { ChatEvent, ChatMessage, ChatTool, FinishEvent, ToolCallPart } from '../../src/types.js';
import { thrown } from './support/thrown.js';

const WEATHER: ChatTool = {
  name: 'get_weather',
  description: 'The weather in a city now.',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    required: ['city'],
    additionalProperties: false,
  },
};
const CLOCK: ChatTool = { name: 'get_time', description: 'The time now.' };
const TOOLS = [WEATHER, CLOCK];

let tokenizer: PreTrainedTokenizer;
let session: ModelSession;
beforeAll(async () => {
  env.allowRemoteModels = false;
  env.localModelPath = `${fileURLToPath(new URL('../../models/', import.meta.url))}`;
  tokenizer = await AutoTokenizer.from_pretrained('qwen3-web/Qwen3-Tiny-ONNX');
  session = {
    tokenizer,
    special: specialTokens(tokenizer),
    thinkingMode: 'hybrid',
    info: { contextWindow: 4096 },
  } as unknown as ModelSession;
}, 60_000);

const encode = (text: string): number[] => tokenizer.encode(text, { add_special_tokens: false });

/** Feeds `text`'s tokens (and `<|im_end|>` unless `open`) through a builder reading calls to `tools`; all events, finish included. */
function reply(text: string, options: { tools?: ChatTool[]; thinking?: boolean; open?: boolean } = {}): { events: ChatEvent[]; ids: number[]; builder: ReplyBuilder } {
  const { special } = session;
  let next = 0;
  const parser = new ToolCallParser({
    decode: (ids) => tokenizer.decode(ids, { skip_special_tokens: true }),
    startId: special.toolCallStart,
    endId: special.toolCallEnd,
    tools: options.tools ?? TOOLS,
    newId: () => `call_${next++}`,
  });
  const builder = new ReplyBuilder({
    decode: (ids) => tokenizer.decode(ids, { skip_special_tokens: true }),
    initialState: options.thinking ? 'reasoning' : 'answer',
    thinkStartId: special.thinkStart,
    thinkEndId: special.thinkEnd,
    thinkingBudget: Infinity,
    forcedIds: special.stopThinking,
    toolCalls: parser,
  });
  const ids = [...encode(text), ...(options.open ? [] : [special.eos[0]!])];
  const events = ids.flatMap((id) => builder.push(id));
  events.push(...builder.finish('stop', { promptTokens: 0, prefillTokens: 0, startedAt: 0, prefillStartedAt: 0 }));
  return { events, ids, builder };
}

const ofType = <T extends ChatEvent['type']>(events: ChatEvent[], type: T) => events.filter((event): event is Extract<ChatEvent, { type: T }> => event.type === type);

describe('reading tool calls from generated tokens', () => {
  it('streams text, then each call: its start with the name, its arguments as they arrive, the parsed call', () => {
    const { events, builder } = reply(
      'Let me check both.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}\n</tool_call>\n<tool_call>\n{"name": "get_time", "arguments": {}}\n</tool_call>',
    );
    expect(ofType(events, 'text-delta').map((e) => e.text).join('')).toBe('Let me check both.\n\n');
    expect(ofType(events, 'tool-call-start')).toEqual([
      { type: 'tool-call-start', toolCallId: 'call_0', toolName: 'get_weather' },
      { type: 'tool-call-start', toolCallId: 'call_1', toolName: 'get_time' },
    ]);
    const deltas = ofType(events, 'tool-call-delta').filter((e) => e.toolCallId === 'call_0');
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.map((e) => e.inputTextDelta).join('')).toBe('{"city": "Paris", "unit": "celsius"}');
    expect(ofType(events, 'tool-call')).toEqual([
      { type: 'tool-call', toolCallId: 'call_0', toolName: 'get_weather', input: { city: 'Paris', unit: 'celsius' } },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_time', input: {} },
    ]);
    // Each call's start comes before its deltas, its deltas before the call.
    const order = events.filter((e) => e.type.startsWith('tool-call') && (e as { toolCallId: string }).toolCallId === 'call_0').map((e) => e.type);
    expect(order[0]).toBe('tool-call-start');
    expect(order.at(-1)).toBe('tool-call');
    expect(builder.hasToolCalls).toBe(true);
    const finish = events.at(-1) as FinishEvent;
    expect(finish.message.content.filter((part) => part.type === 'tool-call')).toEqual([
      { type: 'tool-call', toolCallId: 'call_0', toolName: 'get_weather', input: { city: 'Paris', unit: 'celsius' }, inputText: '{"city": "Paris", "unit": "celsius"}' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_time', input: {}, inputText: '{}' },
    ]);
  });

  it('reports a call it cannot run as an event, and the reply goes on', () => {
    const bad = (body: string) => ofType(reply(`<tool_call>\n${body}\n</tool_call>`).events, 'tool-call-error')[0]?.error.code;
    expect(bad('{"name": "get_weather", "arguments": {"city": "Paris",}}')).toBe('INVALID_JSON');
    expect(bad('{"arguments": {}}')).toBe('INVALID_JSON');
    expect(bad('{"name": "launch_rocket", "arguments": {}}')).toBe('UNKNOWN_TOOL');
    expect(bad('{"name": "get_weather", "arguments": {"city": "Paris", "unit": "kelvin"}}')).toBe('INVALID_ARGUMENTS');
    expect(bad('{"name": "get_weather", "arguments": {"town": "Paris"}}')).toBe('INVALID_ARGUMENTS');
    const cut = reply('<tool_call>\n{"name": "get_weather", "arguments": {"ci', { open: true });
    expect(ofType(cut.events, 'tool-call-error')[0]).toMatchObject({ toolName: 'get_weather', error: { code: 'INCOMPLETE' } });
    const invalid = ofType(reply('<tool_call>\n{"name": "get_weather", "arguments": {"city": 3}}\n</tool_call>').events, 'tool-call-error')[0]!;
    expect(invalid.error.message).toMatch(/city/);
    // The failed call stays in the message, for the app to answer.
    const finish = reply('<tool_call>\n{"name": "nope", "arguments": {}}\n</tool_call>').events.at(-1) as FinishEvent;
    expect(finish.message.content.find((part) => part.type === 'tool-call')).toMatchObject({ toolName: 'nope', error: { code: 'UNKNOWN_TOOL' } });
  });

  it('inside reasoning, a call is reasoning text, not a call', () => {
    const { events } = reply('I could use <tool_call> here.\n</think>\n\nNo need.', { thinking: true });
    expect(ofType(events, 'tool-call-start')).toHaveLength(0);
    expect(ofType(events, 'text-delta').map((e) => e.text).join('')).toBe('No need.');
  });
});

describe('tools and tool results through the chat template', () => {
  const question: ChatMessage[] = [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'What is the weather in Paris?' },
  ];

  it('lists the tools in the system turn, as OpenAI functions', () => {
    const plan = planPrompt(session, question, { tools: TOOLS, thinking: false });
    const text = tokenizer.decode(plan.ids, { skip_special_tokens: false });
    expect(text).toContain('# Tools');
    expect(text).toContain('{"type": "function", "function": {"name": "get_weather", "description": "The weather in a city now.", "parameters":');
    expect(text).toContain('"name": "get_time"');
    expect(text.startsWith('<|im_start|>system\nYou are a helpful assistant.\n\n# Tools')).toBe(true);
  });

  for (const thinking of [true, false]) {
    it(`thinking ${thinking ? 'on' : 'off'}: the prompt after the tool results starts with ${thinking ? 'every token the model generated' : 'the tokens before the reply'}`, () => {
      const first = planPrompt(session, question, { tools: TOOLS, thinking });
      const generated = `${thinking ? 'The user wants the weather; I will call the tool.\n</think>\n\n' : ''}<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call>`;
      const { events, ids } = reply(generated, { thinking });
      const call = (events.at(-1) as FinishEvent).message;
      const toolCallId = (call.content.find((part) => part.type === 'tool-call') as ToolCallPart).toolCallId;
      const next = planPrompt(session, [...question, call, { role: 'tool', toolCallId, content: '{"temperature": 18, "sky": "clear"}' }], { tools: TOOLS, thinking });
      const cached = [...first.ids, ...ids];
      const shared = commonPrefixLength(cached, next.ids);
      if (!thinking) {
        // The template writes no empty think block into a past tool-calling
        // turn: the cache is reused up to the turn's start, and its call prefilled again.
        expect(tokenizer.decode(cached.slice(shared), { skip_special_tokens: false })).toBe(`<think>\n\n</think>\n\n${generated}<|im_end|>`);
        return;
      }
      expect(shared).toBe(cached.length);
      const rest = tokenizer.decode(next.ids.slice(cached.length), { skip_special_tokens: false });
      expect(rest).toBe('\n<|im_start|>user\n<tool_response>\n{"temperature": 18, "sky": "clear"}\n</tool_response><|im_end|>\n<|im_start|>assistant\n<think>\n');
    });
  }
});

describe('toolChoice', () => {
  it('a named tool without parameters is called whole, one with parameters up to its arguments, required only opens a call', () => {
    expect(forcedCallText('auto', TOOLS)).toBeUndefined();
    expect(forcedCallText('none', TOOLS)).toBeUndefined();
    expect(forcedCallText('required', TOOLS)).toEqual({ text: '<tool_call>', endsTurn: false });
    expect(forcedCallText({ type: 'tool', toolName: 'get_time' }, TOOLS)).toEqual({ text: '<tool_call>\n{"name": "get_time", "arguments": {}}\n</tool_call>', endsTurn: true });
    expect(forcedCallText({ type: 'tool', toolName: 'get_weather' }, TOOLS)).toEqual({ text: '<tool_call>\n{"name": "get_weather", "arguments": ', endsTurn: false });
  });

  it('forces from where the answer starts: the first token, or the one after </think>', () => {
    const thinkEnd = session.special.thinkEnd;
    const forced = [7, 8, 9];
    expect(forcedAnswerTokenAt([], true, thinkEnd, forced)).toBe(7);
    expect(forcedAnswerTokenAt([7, 8], true, thinkEnd, forced)).toBe(9);
    expect(forcedAnswerTokenAt([7, 8, 9], true, thinkEnd, forced)).toBeUndefined();
    expect(forcedAnswerTokenAt([1, 2], false, thinkEnd, forced)).toBeUndefined();
    expect(forcedAnswerTokenAt([1, 2, thinkEnd], false, thinkEnd, forced)).toBe(7);
    expect(forcedAnswerTokenAt([1, thinkEnd, 7], false, thinkEnd, forced)).toBe(8);
  });
});

describe('checks', () => {
  it('tools, toolChoice and tool messages are checked with messages that say what is wrong', () => {
    expect(thrown(() => validateChatOptions({ tools: [{ name: 'has space' }] }))).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/tools\[0\]\.name/) });
    expect(thrown(() => validateChatOptions({ tools: [CLOCK, CLOCK] }))).toMatchObject({ message: expect.stringMatching(/Two tools/) });
    expect(thrown(() => validateChatOptions({ tools: [{ name: 'x', parameters: { type: 'string' } }] }))).toMatchObject({ message: expect.stringMatching(/JSON Schema of an object/) });
    expect(thrown(() => validateChatOptions({ toolChoice: 'required' }))).toMatchObject({ message: expect.stringMatching(/needs tools/) });
    expect(thrown(() => validateChatOptions({ tools: TOOLS, toolChoice: { type: 'tool', toolName: 'nope' } }))).toMatchObject({ message: expect.stringMatching(/not among the tools/) });
    expect(thrown(() => validateChatOptions({ tools: TOOLS, toolChoice: 'always' as never }))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(() => validateChatOptions({ tools: TOOLS, toolChoice: { type: 'tool', toolName: 'get_time' } })).not.toThrow();
    expect(thrown(() => validateMessages([{ role: 'user', content: 'Hi' }, { role: 'tool', content: '3' }]))).toMatchObject({ message: expect.stringMatching(/without toolCallId/) });
    expect(() => validateMessages([{ role: 'user', content: 'Hi' }, { role: 'tool', toolCallId: 'call_0', content: '' }])).not.toThrow();
    expect(thrown(() => validateMessages([{ role: 'user', content: [{ type: 'tool-call', toolCallId: 'a', toolName: 'b', inputText: '{}', input: {} }] }]))).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
