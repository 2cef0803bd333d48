/**
 * Chooses the weight precision, and refuses, before any download, a dtype
 * that cannot run here: one the model does not ship, one that needs
 * `shader-f16` on a GPU without it, one too large for the GPU's buffers or
 * for the 4 GiB WASM heap. Every refusal names what would work instead.
 */
import { Qwen3Error } from '../errors.js';
import { DEFAULT_CONTEXT_BUDGET } from '../registry/memory.js';
import type { ModelDtype, ModelInfo } from '../registry/types.js';
import type { Dtype } from '../types.js';
import { dtypePreference, needsShaderF16 } from './dtype-preference.js';
import { gpuBufferProblem, wasmMemoryProblem } from './fit.js';
import type { Capabilities } from './types.js';

/** Options of {@link chooseDtype}. */
export interface ChooseDtypeOptions {
  /** Tokens of KV cache to budget for in the memory check. Default {@link DEFAULT_CONTEXT_BUDGET}. */
  contextTokens?: number;
}

type Backend = 'webgpu' | 'wasm';

function adapterName(caps: Capabilities): string {
  const gpu = caps.webgpu;
  const name = [gpu?.vendor, gpu?.architecture].filter(Boolean).join(' ');
  return name ? `this GPU (${name})` : 'this GPU';
}

/** Why `dtype` cannot run on `device` here, or `undefined` when it can. */
export function dtypeProblem(
  dtype: ModelDtype,
  device: Backend,
  caps: Capabilities,
  model: ModelInfo,
  contextTokens: number = DEFAULT_CONTEXT_BUDGET,
): string | undefined {
  if (model.dtypes && !model.dtypes.includes(dtype)) {
    return `"${model.id}" does not ship dtype "${dtype}" (it ships ${model.dtypes.map((d) => `"${d}"`).join(', ')})`;
  }
  if (device === 'wasm') return wasmMemoryProblem(model, dtype, contextTokens);
  if (!caps.webgpu) return 'there is no WebGPU adapter';
  if (needsShaderF16(dtype) && !caps.webgpu.shaderF16) {
    return `dtype "${dtype}" computes in fp16 and needs the WebGPU feature shader-f16, which ${adapterName(caps)} lacks`;
  }
  return gpuBufferProblem(model, dtype, caps.webgpu);
}

/**
 * The dtypes worth suggesting on `device`, best first: those of `auto`'s
 * preference that run here. (q8 may also run on WebGPU, but through CPU
 * fallbacks; q4f16 on WASM, but with fp16 conversions: not advice.)
 */
function workingDtypes(device: Backend, caps: Capabilities, model: ModelInfo, contextTokens: number): ModelDtype[] {
  const order = dtypePreference(device, caps.webgpu?.shaderF16 ?? false);
  return order.filter((dtype) => dtypeProblem(dtype, device, caps, model, contextTokens) === undefined);
}

/** What to do instead: another dtype here, else the other device, else a smaller model or context. */
function advice(device: Backend, caps: Capabilities, model: ModelInfo, contextTokens: number): string {
  const here = workingDtypes(device, caps, model, contextTokens);
  const unknownFiles = model.dtypes ? '' : ' if the export ships it';
  if (here.length > 0) return `Use dtype ${here.map((d) => `"${d}"`).join(' or ')}${unknownFiles}, or "auto".`;
  const other: Backend = device === 'webgpu' ? 'wasm' : 'webgpu';
  const there = other === 'webgpu' && !caps.webgpu ? [] : workingDtypes(other, caps, model, contextTokens);
  if (there.length > 0) return `Load with device: "${other}" (dtype "${there[0]}").`;
  return 'Choose a smaller model (see listModels() or recommendModel()) or budget a shorter context.';
}

/** `auto`'s candidates: the declared dtype first, then the device preference, limited to what ships. */
function autoCandidates(model: ModelInfo, preferred: readonly ModelDtype[]): ModelDtype[] {
  const declared = model.declaredDtype ? [model.declaredDtype] : [];
  const shipped = model.dtypes;
  if (shipped) return [...new Set([...declared, ...preferred])].filter((dtype) => shipped.includes(dtype));
  return declared.length > 0 ? declared : [...preferred];
}

function unsupported(message: string, model: ModelInfo, device: Backend, dtype: Dtype): Qwen3Error {
  return new Qwen3Error('UNSUPPORTED', message, { details: { model: model.id, device, dtype, available: model.dtypes } });
}

/**
 * Resolves `auto` and checks an explicit dtype for `model` on `device`.
 *
 * `auto` takes the model's declared dtype (`transformers.js_config.dtype`)
 * when it runs here, else the first of {@link dtypePreference} the model
 * ships that runs here: q4f16 on WebGPU with shader-f16, q4 on WebGPU without
 * it, q8 (else q4) on WASM. For a model whose shipped dtypes are unknown (described from
 * its config) only the declared dtype is tried when there is one: anything
 * else would be a guess at files that may not exist.
 *
 * @throws Qwen3Error `UNSUPPORTED` when the dtype (or, for `auto`, every
 *   candidate) cannot run here; the message says what would.
 */
export function chooseDtype(
  requested: Dtype,
  device: Backend,
  caps: Capabilities,
  model: ModelInfo,
  options: ChooseDtypeOptions = {},
): ModelDtype {
  const contextTokens = options.contextTokens ?? DEFAULT_CONTEXT_BUDGET;
  if (requested !== 'auto') {
    const problem = dtypeProblem(requested, device, caps, model, contextTokens);
    if (problem === undefined) return requested;
    const message = `Cannot load ${model.label} as "${requested}" on ${device}: ${problem}.`;
    throw unsupported(`${message} ${advice(device, caps, model, contextTokens)}`, model, device, requested);
  }
  const preferred = dtypePreference(device, caps.webgpu?.shaderF16 ?? false);
  const problems: string[] = [];
  for (const dtype of autoCandidates(model, preferred)) {
    const problem = dtypeProblem(dtype, device, caps, model, contextTokens);
    if (problem === undefined) return dtype;
    problems.push(`"${dtype}": ${problem}`);
  }
  const why = problems.length > 0 ? problems.join('; ') : `it ships none of ${preferred.map((d) => `"${d}"`).join(', ')}`;
  const message = `No dtype of ${model.label} can run on ${device} here (${why}).`;
  throw unsupported(`${message} ${advice(device, caps, model, contextTokens)}`, model, device, 'auto');
}
