/**
 * Reads Qwen3's tool calls out of a reply as it is generated. Qwen3 writes
 * each call as `<tool_call>` (one token, 151657), a JSON object
 * `{"name": …, "arguments": {…}}`, and `</tool_call>` (151658); its chat
 * template renders past calls and `<tool_response>`s the same way. The
 * boundaries are decided on token ids, like the think block's, so text that
 * merely looks like a tag is never taken for one.
 *
 * While a call streams, its arguments' JSON text is released as it arrives
 * (once the object's head `{"name": "…", "arguments": ` is read); when the
 * call closes it is parsed and checked against the tool's JSON Schema. A call
 * the app cannot run — bad JSON, an unknown tool, arguments the schema
 * refuses, a reply that ends inside the call — becomes a `tool-call-error`
 * the app can answer, never an exception.
 */
import type { ChatTool, ToolCallErrorCode, ToolCallStreamEvent, ToolCallPart } from '../types.js';
import { IncrementalDecoder, type DecodeFn } from './incremental-decoder.js';
import { validateToolInput } from './tool-schema.js';

/** The head of a call object up to its arguments' value. */
const CALL_HEAD = /^\s*\{\s*"name"\s*:\s*("(?:[^"\\]|\\.)*")\s*,\s*"arguments"\s*:\s*(?=\S)/;
/** What may close the call object after its arguments: held back until the call ends. */
const CALL_TAIL = /\s*\}?\s*$/;

export interface ToolCallParserOptions {
  decode: DecodeFn;
  /** `<tool_call>` and `</tool_call>`. */
  startId: number;
  endId: number;
  tools: readonly ChatTool[];
  /** Ids for calls, in order (tests pass a fixed one). */
  newId?: () => string;
}

/** A call being read. */
interface OpenCall {
  id: string;
  /** The tool's name, once the head is read. */
  name?: string;
  decoder: IncrementalDecoder;
  text: string;
  /** Where the arguments' text starts, once the head is read. */
  argumentsFrom?: number;
  /** How much of the arguments' text was released. */
  released: number;
  started: boolean;
}

export class ToolCallParser {
  private call: OpenCall | undefined;
  private count = 0;
  private readonly parts: ToolCallPart[] = [];
  private readonly newId: () => string;

  constructor(private readonly options: ToolCallParserOptions) {
    const prefix = Math.random().toString(36).slice(2, 10);
    this.newId = options.newId ?? (() => `call_${prefix}_${this.count}`);
  }

  /** Whether a call is open (its tokens are not answer text). */
  get inCall(): boolean {
    return this.call !== undefined;
  }

  /** The calls read so far, valid or not, as message parts. */
  get calls(): readonly ToolCallPart[] {
    return this.parts;
  }

  /**
   * Takes `id` when it opens, continues or closes a call; `undefined` when it
   * is answer text for the caller.
   */
  push(id: number): ToolCallStreamEvent[] | undefined {
    const { startId, endId } = this.options;
    if (!this.call) {
      if (id !== startId) return undefined;
      this.count++;
      this.call = { id: this.newId(), decoder: new IncrementalDecoder(this.options.decode), text: '', released: 0, started: false };
      return [];
    }
    if (id === endId) return this.close(this.call.decoder.flush());
    return this.stream(this.call.decoder.push(id));
  }

  /** Ends the reply: a call still open is reported incomplete. */
  finish(): ToolCallStreamEvent[] {
    if (!this.call) return [];
    const call = this.call;
    const events = this.stream(call.decoder.flush());
    this.call = undefined;
    return [...events, ...this.failed(call, call.name, 'INCOMPLETE', 'The reply ended inside a tool call.')];
  }

  private stream(delta: string): ToolCallStreamEvent[] {
    const call = this.call!;
    call.text += delta;
    const events: ToolCallStreamEvent[] = [];
    if (call.argumentsFrom === undefined) {
      const head = CALL_HEAD.exec(call.text);
      if (!head) return events;
      call.argumentsFrom = head[0].length;
      call.released = call.argumentsFrom;
      call.started = true;
      call.name = JSON.parse(head[1]!) as string;
      events.push({ type: 'tool-call-start', toolCallId: call.id, toolName: call.name });
    }
    const held = CALL_TAIL.exec(call.text.slice(call.released))![0].length;
    const releasable = call.text.length - held;
    if (releasable > call.released) {
      events.push({ type: 'tool-call-delta', toolCallId: call.id, inputTextDelta: call.text.slice(call.released, releasable) });
      call.released = releasable;
    }
    return events;
  }

  private close(delta: string): ToolCallStreamEvent[] {
    const call = this.call!;
    const events = this.stream(delta);
    this.call = undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(call.text);
    } catch (error) {
      return [...events, ...this.failed(call, undefined, 'INVALID_JSON', `The tool call is not JSON (${(error as Error).message}).`)];
    }
    const { name, arguments: args } = (parsed ?? {}) as { name?: unknown; arguments?: unknown };
    if (typeof name !== 'string') return [...events, ...this.failed(call, undefined, 'INVALID_JSON', 'The tool call has no "name" string.')];
    const input = typeof args === 'string' ? parseOr(args) : (args ?? {});
    // The arguments exactly as generated: rendered back as they were, the next prompt reuses the cache through them.
    const inputText = call.argumentsFrom !== undefined ? call.text.slice(call.argumentsFrom).replace(/\s*\}\s*$/, '') : JSON.stringify(input);
    if (!call.started) events.push({ type: 'tool-call-start', toolCallId: call.id, toolName: name });
    if (call.argumentsFrom === undefined || call.released < call.argumentsFrom + inputText.length) {
      const from = call.argumentsFrom === undefined ? 0 : call.released - call.argumentsFrom;
      const rest = inputText.slice(from);
      if (rest.length > 0) events.push({ type: 'tool-call-delta', toolCallId: call.id, inputTextDelta: rest });
    }
    const tool = this.options.tools.find((candidate) => candidate.name === name);
    if (!tool) {
      const known = this.options.tools.map((candidate) => candidate.name).join(', ') || 'none';
      return [...events, ...this.failed(call, name, 'UNKNOWN_TOOL', `There is no tool "${name}" (tools: ${known}).`, input, inputText)];
    }
    const problem = validateToolInput(tool, input);
    if (problem) return [...events, ...this.failed(call, name, 'INVALID_ARGUMENTS', problem, input, inputText)];
    this.parts.push({ type: 'tool-call', toolCallId: call.id, toolName: name, input, inputText });
    events.push({ type: 'tool-call', toolCallId: call.id, toolName: name, input });
    return events;
  }

  private failed(call: OpenCall, toolName: string | undefined, code: ToolCallErrorCode, message: string, input?: unknown, inputText?: string): ToolCallStreamEvent[] {
    const error = { code, message };
    this.parts.push({ type: 'tool-call', toolCallId: call.id, toolName: toolName ?? '', input: input ?? null, inputText: inputText ?? call.text, error });
    return [{ type: 'tool-call-error', toolCallId: call.id, ...(toolName !== undefined ? { toolName } : {}), text: call.text, error }];
  }
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
