/**
 * What the demo loads, from the page's URL: `?model=` (a Hugging Face id, an
 * export of your own included), `?host=` (the hub or a mirror), `?device=`
 * (`auto`, `webgpu`, `wasm`), `?dtype=` (`q4f16`, `q4`, `fp32`…) and
 * `?tools=` (`auto`, or `calculate` / `get_time` to make the model call one).
 */
import type { Device, Dtype } from 'qwen3-web';
import { TOOLS_MODES, type ToolsMode } from './demo-tools.js';

/** The model the demo opens with. */
export const DEFAULT_MODEL = 'onnx-community/Qwen3-0.6B-ONNX';
/** Where models come from unless `?host=` says otherwise. */
export const DEFAULT_HOST = 'https://huggingface.co';
/** The local hub-layout server `npm run demo` starts (with the tiny test model), if any. */
export const LOCAL_HUB: string | undefined = (import.meta.env['VITE_LOCAL_HUB'] as string | undefined) || undefined;

const DEVICES: readonly Device[] = ['auto', 'webgpu', 'wasm'];
const DTYPES: readonly Dtype[] = ['auto', 'fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'];

/** The demo's settings, all resolved. */
export interface DemoSettings {
  model: string;
  host: string;
  device: Device;
  dtype: Dtype;
  /** The Tools card's choice to start with. */
  tools: ToolsMode;
  /** URL parameters that were not understood, to say so rather than guess. */
  ignored: string[];
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((item) => item === value);
}

/** Reads the settings from a query string such as `location.search`. */
export function readSettings(search: string): DemoSettings {
  const params = new URLSearchParams(search);
  const ignored: string[] = [];
  const device = oneOf(params.get('device'), DEVICES);
  const dtype = oneOf(params.get('dtype'), DTYPES);
  if (params.has('device') && !device) ignored.push(`device=${params.get('device')}`);
  if (params.has('dtype') && !dtype) ignored.push(`dtype=${params.get('dtype')}`);
  const tools = oneOf(params.get('tools'), TOOLS_MODES);
  if (params.has('tools') && !tools) ignored.push(`tools=${params.get('tools')}`);
  return {
    model: params.get('model')?.trim() || DEFAULT_MODEL,
    host: (params.get('host')?.trim() || DEFAULT_HOST).replace(/\/+$/, ''),
    device: device ?? 'auto',
    dtype: dtype ?? 'auto',
    tools: tools ?? 'off',
    ignored,
  };
}

/** The host's name for messages: `huggingface.co`, `127.0.0.1:8787`. */
export function hostName(host: string): string {
  try {
    return new URL(host).host;
  } catch {
    return host;
  }
}
