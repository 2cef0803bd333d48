/**
 * Loads a Qwen3 tokenizer and model with transformers.js: the adapter where
 * snake_case options live. Model files go through the IndexedDB store (see
 * store/store-fetch.ts). Everything it throws is a `Qwen3Error`.
 */
import { AutoConfig, AutoModelForCausalLM, AutoTokenizer, ModelRegistry, type PreTrainedModel, type PreTrainedTokenizer } from '@huggingface/transformers';
import { Qwen3Error, toQwen3Error } from '../errors.js';
import type { LoadRequest, WasmPaths } from '../protocol.js';
import { recordModel } from '../store/model-records.js';
import type { ModelStore } from '../store/model-store.js';
import { preflightDownload } from '../store/preflight.js';
import { withRuntimeCache } from '../store/runtime-cache.js';
import { switchRef } from '../store/refs.js';
import { resolveRevision } from '../store/resolve-revision.js';
import { createStoreFetch, type StoreFetch } from '../store/store-fetch.js';
import { STOP_THINKING_TEXT } from '../core/thinking-budget.js';
import { chooseDevice, isWebGpuUsable } from '../capabilities/choose-device.js';
import { chooseDtype } from '../capabilities/choose-dtype.js';
import { detectCapabilities } from '../capabilities/detect.js';
import { describeModelConfig } from '../registry/describe-config.js';
import { kvCacheDtype } from '../registry/kv-cache.js';
import { findModel } from '../registry/models.js';
import { withListedFiles } from '../registry/onnx-files.js';
import { thinkingModeOf } from '../registry/thinking-mode.js';
import type { Device, Dtype, GraphRewriteName } from '../types.js';
import { contextCapacity } from './context-capacity.js';
import type { ModelSession, SpecialTokens } from './model-session.js';
import { createModelFetch } from './model-fetch.js';
import type { GraphRewrite } from './graph-rewrite/graph-nodes.js';
import { graphRewritesFor, withGraphRewrites } from './graph-rewrite/graph-rewrite-fetch.js';
import { runWithKvInPlace, type RunnableSession } from './kv-in-place/run-with-kv-in-place.js';
import type { ProgressTracker } from './progress-tracker.js';
import { configureRuntime, runtimeFilesFor, runtimeVersion, wasmThreadsFor } from './runtime-env.js';
import { holdGraphFilesUntil, startRuntime } from './start-runtime.js';

/** What a load works with besides the request. */
export interface LoadContext {
  store: ModelStore;
  tracker: ProgressTracker;
  signal: AbortSignal;
  wasmPaths: WasmPaths;
}

/** Loads everything for `request` through the model store; `signal` cancels it. */
export async function loadModel(
  request: LoadRequest & { model: string; host: string; revision: string },
  context: LoadContext,
): Promise<ModelSession> {
  const started = performance.now();
  const { model, revision, host } = request;
  const { store, tracker, signal } = context;
  const network = createModelFetch(signal);
  // Until the commit is known, only the runtime's own files are fetched.
  let storeFetch: StoreFetch | undefined;
  const routedFetch = (input: string | URL, init?: RequestInit) => (storeFetch ? storeFetch.fetch(input, init) : network(String(input), init));
  let runtime: Promise<void> | undefined;
  // Graphs are rewritten as they stream (graph-rewrite/), by what the device and dtype chosen below call for.
  let graphRewrites: GraphRewrite[] = [];
  const appliedRewrites = new Set<GraphRewriteName>();
  const modelFetch = holdGraphFilesUntil(withGraphRewrites(routedFetch, () => graphRewrites, appliedRewrites), () => runtime);
  let device: 'webgpu' | 'wasm' | undefined;
  try {
    const caps = await detectCapabilities();
    device = chooseDevice(request.device ?? 'auto', caps);
    const runtimeFiles = runtimeFilesFor(context.wasmPaths, device, isWebGpuUsable(caps));
    configureRuntime({
      host,
      runtimeFiles,
      fetch: withRuntimeCache([runtimeFiles.mjs, runtimeFiles.wasm], runtimeVersion(), modelFetch),
      wasmThreads: wasmThreadsFor(request.wasmThreads),
    });
    // The runtime starts now, while the config, the tokenizer and the weights load.
    runtime = startRuntime();
    // A registry model is checked before any request; any other export is
    // described from its config.json, the first (small) file fetched.
    const known = findModel(model);
    if (known) chooseDtype(request.dtype ?? 'auto', device, caps, known);
    const resolved = await resolveRevision({ store, network, host, model, revision });
    // Every file is requested at, and stored under, this commit.
    const commit = resolved.commit;
    const files = createStoreFetch({
      store,
      host,
      model,
      revision: commit,
      listed: resolved.files,
      aliases: [revision],
      network,
      signal,
      onProgress: (file, loaded, total, source) => tracker.update(file, loaded, total, source),
    });
    storeFetch = files;
    const config = await AutoConfig.from_pretrained(model, { revision: commit });
    const rawConfig = config as unknown as Record<string, unknown>;
    checkIsQwen3(model, rawConfig);
    // What the hub's API lists is what `auto` may choose from.
    const fromConfig = known ?? describeModelConfig(model, rawConfig);
    const described = !known && resolved.files ? withListedFiles(fromConfig, resolved.files) : fromConfig;
    const dtype = chooseDtype(request.dtype ?? 'auto', device, caps, described);
    graphRewrites = graphRewritesFor(device, kvCacheDtype(described, dtype));
    const modelFiles = await ModelRegistry.get_model_files(model, { config, dtype, device, revision: commit } as never);
    const planned = await preflightDownload({
      store,
      model,
      revision: commit,
      listed: resolved.files,
      network,
      urlOf: (file) => `${host.replace(/\/+$/, '')}/${model}/resolve/${encodeURIComponent(commit)}/${file}`,
      files: [...new Set([...modelFiles, 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'])],
    });
    for (const file of planned) {
      tracker.expect(file.file, file.size, file.complete ? 'cache' : 'download');
      if (file.expected) files.probed.set(file.file, file.expected);
    }
    // Side by side: the tokenizer parses while the weights stream out of
    // IndexedDB and the runtime starts; the session is created once all three are done.
    const [tokenizer, lm] = await Promise.race([
      Promise.all([
        AutoTokenizer.from_pretrained(model, { revision: commit }),
        AutoModelForCausalLM.from_pretrained(model, { revision: commit, config, device, dtype }),
      ]),
      files.failed,
    ]);
    throwIfAborted(signal);
    if (appliedRewrites.has('kv-cache-in-place')) runWithKvInPlace(decoderSessionOf(lm));
    await recordModel(store, { model, revision: commit, dtype, files: [...files.filesUsed] });
    // The branch moves to this commit only now that all of it is stored.
    if (resolved.source === 'hub') await switchRef(store, model, revision, commit);
    const capacity = contextCapacity({
      device,
      architecture: described.architecture,
      kvElementBytes: kvCacheDtype(described, dtype) === 'float16' ? 2 : 4,
      weightsBytes: planned.filter((file) => /\.onnx(_data(_\d+)?)?$/.test(file.file)).reduce((sum, file) => sum + file.size, 0),
      maxPositions: Number(rawConfig['max_position_embeddings'] ?? described.maxPositionEmbeddings),
      ...(caps.webgpu ? { maxBufferSize: caps.webgpu.maxBufferSize } : {}),
    });
    const contextWindow = Math.min(capacity, request.contextWindow ?? capacity);
    return {
      tokenizer,
      model: lm,
      special: specialTokens(tokenizer),
      thinkingMode: thinkingModeOf(model, chatTemplateOf(tokenizer)),
      info: {
        model,
        host,
        revision,
        commit,
        device: device satisfies Exclude<Device, 'auto'>,
        dtype: dtype satisfies Exclude<Dtype, 'auto'>,
        contextWindow,
        contextLength: contextWindow,
        graphRewrites: [...appliedRewrites].sort(),
        loadMs: performance.now() - started,
      },
    };
  } catch (error) {
    if (storeFetch?.damaged) throw storeFetch.damaged;
    const classified = classifyLoadError(error, request, signal);
    if (device === 'webgpu' && classified.code === 'INTERNAL' && !Qwen3Error.isInstance(error)) {
      // The download worked but WebGPU could not build or run the session.
      throw new Qwen3Error('DEVICE_LOST', `WebGPU could not create the model session (${classified.message}).`, { cause: error });
    }
    throw classified;
  }
}

/** The onnxruntime session transformers.js runs the decoder graph on. */
function decoderSessionOf(model: PreTrainedModel): RunnableSession {
  const session = (model as unknown as { sessions?: Record<string, RunnableSession> }).sessions?.['model'];
  if (!session) throw new Qwen3Error('INTERNAL', 'transformers.js holds no `model` session to keep the KV cache in place.');
  return session;
}

function chatTemplateOf(tokenizer: PreTrainedTokenizer): string | undefined {
  const template = (tokenizer as unknown as { chat_template?: unknown }).chat_template;
  return typeof template === 'string' ? template : undefined;
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Qwen3Error('ABORTED', 'The load was aborted.');
}

function checkIsQwen3(model: string, config: Record<string, unknown>): void {
  const type = String(config['model_type'] ?? '');
  if (!type.startsWith('qwen3')) {
    throw new Qwen3Error(
      'UNSUPPORTED',
      `"${model}" is a ${type || 'unknown'} model, not Qwen3. Load a Qwen3 ONNX export such as onnx-community/Qwen3-0.6B-ONNX.`,
      { details: { modelType: type } },
    );
  }
}

function tokenId(tokenizer: PreTrainedTokenizer, token: string): number {
  const ids = tokenizer.encode(token, { add_special_tokens: false });
  if (ids.length !== 1) throw new Qwen3Error('UNSUPPORTED', `The tokenizer has no single token for ${token}: is this a Qwen3 model?`);
  return ids[0]!;
}

/** The token ids the engine needs, read from the model's tokenizer. */
export function specialTokens(tokenizer: PreTrainedTokenizer): SpecialTokens {
  const imEnd = tokenId(tokenizer, '<|im_end|>');
  const endOfText = tokenId(tokenizer, '<|endoftext|>');
  return {
    thinkStart: tokenId(tokenizer, '<think>'),
    thinkEnd: tokenId(tokenizer, '</think>'),
    imStart: tokenId(tokenizer, '<|im_start|>'),
    toolCallStart: tokenId(tokenizer, '<tool_call>'),
    toolCallEnd: tokenId(tokenizer, '</tool_call>'),
    eos: [imEnd, endOfText],
    stopThinking: tokenizer.encode(STOP_THINKING_TEXT, { add_special_tokens: false }),
    openThinking: tokenizer.encode('<think>\n', { add_special_tokens: false }),
  };
}

/** Turns whatever a load threw into a `Qwen3Error` that says what to do. */
function classifyLoadError(error: unknown, request: { model: string; host: string }, signal: AbortSignal): Qwen3Error {
  if (signal.aborted) return new Qwen3Error('ABORTED', 'The load was aborted.', { cause: error });
  if (Qwen3Error.isInstance(error)) return error;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'ModelFileNotFoundError' || /\b(404|401|403)\b|not found/i.test(message)) {
    return new Qwen3Error(
      'MODEL_NOT_FOUND',
      `Model "${request.model}" was not found at ${request.host} (${message}). Check the model id, the revision and the host.`,
      { cause: error, details: { model: request.model, host: request.host } },
    );
  }
  if (/Error \(5\d\d\)|failed to fetch|network/i.test(message)) {
    return new Qwen3Error(
      'NETWORK',
      `Could not download "${request.model}" from ${request.host} (${message}). Check the connection and try again.`,
      { cause: error, details: { host: request.host } },
    );
  }
  return toQwen3Error(error);
}
