/**
 * Loads a Qwen3 tokenizer and model with transformers.js: the adapter where
 * snake_case options live. Everything it throws is a `Qwen3Error`.
 */
import { AutoConfig, AutoModelForCausalLM, AutoTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';
import { Qwen3Error, toQwen3Error } from '../errors.js';
import type { LoadRequest } from '../protocol.js';
import { STOP_THINKING_TEXT } from '../core/thinking-budget.js';
import type { Device, Dtype } from '../types.js';
import { probeWebGpu, resolveDevice, resolveDtype } from './choose-backend.js';
import type { ModelSession, SpecialTokens } from './model-session.js';
import type { ProgressTracker } from './progress-tracker.js';

/** Defaults of `load()`. */
export const DEFAULT_MODEL = 'onnx-community/Qwen3-0.6B-ONNX';
export const DEFAULT_HOST = 'https://huggingface.co';
export const DEFAULT_REVISION = 'main';

interface TransformersProgress {
  status: string;
  file?: string;
  loaded?: number;
  total?: number;
}

/** Loads everything for `request`; `signal` cancels it. */
export async function loadModel(
  request: LoadRequest & { model: string; host: string; revision: string },
  progress: ProgressTracker,
  signal: AbortSignal,
): Promise<ModelSession> {
  const started = performance.now();
  const { model, revision } = request;
  const progress_callback = (event: TransformersProgress): void => {
    if (!event.file) return;
    if (event.status === 'progress') progress.update(event.file, event.loaded ?? 0, event.total ?? 0, 'download');
    else if (event.status === 'done') progress.done(event.file);
  };
  try {
    const gpu = await probeWebGpu();
    const device = resolveDevice(request.device ?? 'auto', gpu);
    const config = await AutoConfig.from_pretrained(model, { revision, progress_callback });
    checkIsQwen3(model, config as unknown as Record<string, unknown>);
    const declared = (config as unknown as { 'transformers.js_config'?: { dtype?: string } })['transformers.js_config']
      ?.dtype;
    const dtype = resolveDtype(request.dtype ?? 'auto', device, gpu, declared);
    const tokenizer = await AutoTokenizer.from_pretrained(model, { revision, progress_callback });
    throwIfAborted(signal);
    const lm = await AutoModelForCausalLM.from_pretrained(model, {
      revision,
      config,
      device,
      dtype,
      progress_callback: (event: TransformersProgress) => {
        progress_callback(event);
        if (event.status === 'done' && event.file?.endsWith('.onnx')) progress.setPhase('compile');
      },
    });
    throwIfAborted(signal);
    const contextLength = Number((config as unknown as { max_position_embeddings?: number }).max_position_embeddings ?? 32768);
    return {
      tokenizer,
      model: lm,
      special: specialTokens(tokenizer),
      info: {
        model,
        host: request.host,
        revision,
        device: device satisfies Exclude<Device, 'auto'>,
        dtype: dtype satisfies Exclude<Dtype, 'auto'>,
        contextLength,
        loadMs: performance.now() - started,
      },
    };
  } catch (error) {
    throw classifyLoadError(error, request, signal);
  }
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

function specialTokens(tokenizer: PreTrainedTokenizer): SpecialTokens {
  const imEnd = tokenId(tokenizer, '<|im_end|>');
  const endOfText = tokenId(tokenizer, '<|endoftext|>');
  return {
    thinkStart: tokenId(tokenizer, '<think>'),
    thinkEnd: tokenId(tokenizer, '</think>'),
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
