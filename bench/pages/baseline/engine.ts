/**
 * The baseline: a bare transformers.js generate loop, as an app would write
 * it without the SDK — `AutoTokenizer` / `AutoModelForCausalLM`, the chat
 * template, `model.generate()` with a streamer. No KV reuse, no batching, no
 * logits processors, no yielding. The same class runs in a plain worker
 * (`worker.ts`) or on the main thread.
 */
import {
  AutoConfig,
  AutoModelForCausalLM,
  AutoTokenizer,
  env,
  LogLevel,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Tensor,
} from '@huggingface/transformers';
import type { ReplyFigures } from '../../shared/figures.js';
import { measureJsonMaskCosts, type JsonMaskCosts } from '../profile/json-mask-costs.js';
import { measureTokenizerCosts, type TokenizerCosts } from '../profile/tokenizer-costs.js';
import { TimingStreamer, timingFigures } from './timing-streamer.js';

/** What to load, and onnxruntime-web's files (the SDK's own, from the page's origin). */
export interface BaselineLoadRequest {
  model: string;
  host: string;
  device: 'wasm' | 'webgpu';
  /** A concrete dtype: the one the SDK resolved, so both run the same weights. */
  dtype: string;
  wasmPaths: { mjs: string; wasm: string };
  /** onnxruntime-web's WASM threads; its own default when absent. */
  wasmThreads?: number;
}

/** A chat message as the template takes it. */
export interface PlainMessage {
  role: string;
  content: string;
}

/** Times of a load from memory, in ms. */
export interface MemoryLoadTimes {
  configMs: number;
  tokenizerMs: number;
  modelMs: number;
}

type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** Points transformers.js at the hub server and the same-origin ORT files; no browser cache. */
function configure(request: BaselineLoadRequest, fetchFn: Fetch): void {
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  env.remoteHost = request.host.endsWith('/') ? request.host : `${request.host}/`;
  env.remotePathTemplate = '{model}/resolve/{revision}/';
  env.useBrowserCache = false;
  env.fetch = fetchFn;
  env.logLevel = LogLevel.ERROR;
  const wasm = env.backends.onnx.wasm;
  if (wasm) wasm.wasmPaths = { ...request.wasmPaths };
  if (wasm && request.wasmThreads !== undefined) wasm.numThreads = request.wasmThreads;
}

/** A bare transformers.js model. */
export class BaselineEngine {
  private tokenizer: PreTrainedTokenizer | undefined;
  private model: PreTrainedModel | undefined;

  /** Answers once the module (and transformers.js) is evaluated: times worker start-up. */
  ping(): boolean {
    return true;
  }

  /** Loads from the network (no cache). Returns the wall time in ms. */
  async load(request: BaselineLoadRequest): Promise<number> {
    const started = performance.now();
    configure(request, (input, init) => fetch(input, init));
    this.tokenizer = await AutoTokenizer.from_pretrained(request.model);
    this.model = await AutoModelForCausalLM.from_pretrained(request.model, { device: request.device, dtype: request.dtype as never });
    return performance.now() - started;
  }

  /**
   * Loads with every file already in memory (fetched first, untimed): what
   * config, tokenizer and model construction cost without any I/O.
   */
  async loadFromMemory(request: BaselineLoadRequest, files: string[]): Promise<MemoryLoadTimes> {
    const base = `${request.host.replace(/\/+$/, '')}/${request.model}/resolve/main/`;
    const memory = new Map<string, ArrayBuffer>();
    for (const file of files) {
      const response = await fetch(base + file);
      if (!response.ok) throw new Error(`${file}: ${response.status}`);
      memory.set(base + file, await response.arrayBuffer());
    }
    configure(request, async (input, init) => {
      const bytes = memory.get(String(input));
      return bytes ? new Response(bytes.slice(0), { status: 200, headers: { 'content-length': String(bytes.byteLength) } }) : fetch(input, init);
    });
    let started = performance.now();
    const config = await AutoConfig.from_pretrained(request.model);
    const configMs = performance.now() - started;
    started = performance.now();
    this.tokenizer = await AutoTokenizer.from_pretrained(request.model);
    const tokenizerMs = performance.now() - started;
    started = performance.now();
    this.model = await AutoModelForCausalLM.from_pretrained(request.model, { config, device: request.device, dtype: request.dtype as never });
    return { configMs, tokenizerMs, modelMs: performance.now() - started };
  }

  /** The SDK's tokenizer-side costs, measured with this tokenizer (see profile/tokenizer-costs.ts). */
  tokenizerCosts(turn1: PlainMessage[], turn8: PlainMessage[]): TokenizerCosts {
    return measureTokenizerCosts(this.requireTokenizer(), turn1, turn8);
  }

  /** What a JSON answer costs with this tokenizer's vocabulary (see profile/json-mask-costs.ts). */
  jsonMaskCosts(): Promise<JsonMaskCosts> {
    const vocabSize = (this.model?.config as unknown as { vocab_size?: number } | undefined)?.vocab_size ?? 151_936;
    return measureJsonMaskCosts(this.requireTokenizer(), vocabSize);
  }

  /**
   * Greedy reply, thinking off, exactly `maxNewTokens` unless EOS comes first
   * (it does at the same place as for the SDK: same weights, same prompt).
   */
  async generate(messages: PlainMessage[], maxNewTokens: number, onText?: (text: string) => void): Promise<ReplyFigures> {
    const tokenizer = this.requireTokenizer();
    const model = this.model;
    if (!model) throw new Error('load() first');
    const started = performance.now();
    const inputs = this.prompt(tokenizer, messages);
    const promptTokens = inputs.input_ids.dims[1] ?? 0;
    const streamer = new TimingStreamer((id) => tokenizer.decode([id], { skip_special_tokens: true }), onText);
    const prefillStarted = performance.now();
    await model.generate({
      ...inputs,
      max_new_tokens: maxNewTokens,
      do_sample: false,
      streamer,
    } as unknown as Parameters<PreTrainedModel['generate']>[0]);
    return timingFigures(streamer, { started, prefillStarted, promptTokens, maxNewTokens });
  }

  /** Frees the model. */
  async dispose(): Promise<void> {
    await this.model?.dispose();
    this.model = undefined;
  }

  private requireTokenizer(): PreTrainedTokenizer {
    if (!this.tokenizer) throw new Error('load() first');
    return this.tokenizer;
  }

  private prompt(tokenizer: PreTrainedTokenizer, messages: PlainMessage[]): { input_ids: Tensor; attention_mask: Tensor } {
    const options = { add_generation_prompt: true, enable_thinking: false, return_dict: true } as Parameters<PreTrainedTokenizer['apply_chat_template']>[1];
    return tokenizer.apply_chat_template(messages, options) as unknown as { input_ids: Tensor; attention_mask: Tensor };
  }
}
