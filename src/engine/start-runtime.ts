/**
 * Starts onnxruntime-web early. Its start — compiling and instantiating its
 * WASM — takes about a second and would otherwise begin only when
 * transformers.js creates the model's session, after the config, the
 * tokenizer and the weights were read. Started at the top of a load, it runs
 * while the config loads and the tokenizer parses (the compilation on the
 * browser's background threads), and the model's session is created on a
 * runtime that is ready.
 *
 * `InferenceSession.create` is the only public way in: we create a one-node
 * session (an Identity) on the CPU backend, on the same ORT module as
 * transformers.js, after handing ORT its files from memory as transformers.js
 * does (the binary as bytes, the factory as a blob URL, both read through
 * `env.fetch`, so that offline starts keep working). Both backends run on
 * that one WASM runtime; the WebGPU device is still got by the model's own
 * session, whose errors the load classifies.
 */
import { env } from '@huggingface/transformers';
import { InferenceSession } from 'onnxruntime-web/webgpu';

/** `y = Identity(x)` over one float: the smallest valid model (ONNX IR 8, opset 13). Checked by test/unit/start-runtime.test.ts. */
export const IDENTITY_MODEL_BASE64 = 'CAg6OgoQCgF4EgF5IghJZGVudGl0eRIEd2FybVoPCgF4EgoKCAgBEgQKAggBYg8KAXkSCgoICAESBAoCCAFCBAoAEA0=';

/**
 * Starts the runtime. Resolves when it is ready, or failed: a failure here
 * is left for the model's own session to report, with the load's error
 * handling. ORT cannot create two sessions at once: the model's must be
 * created after this resolves (see {@link holdGraphFilesUntil}).
 */
export async function startRuntime(): Promise<void> {
  try {
    await provideRuntimeFiles();
    const session = await InferenceSession.create(identityModel(), { executionProviders: ['wasm'] });
    await session.release();
  } catch {
    // The model's session creation meets the same failure and reports it.
  }
}

/**
 * Gives ORT its binary in memory and its factory as a blob URL, and points
 * `wasmPaths` at blob URLs, which tells transformers.js the files are in
 * place (it skips blob URLs) instead of reading them a second time.
 */
async function provideRuntimeFiles(): Promise<void> {
  const wasm = env.backends.onnx.wasm;
  const paths = wasm?.wasmPaths;
  // Once per worker: a later load finds ORT started (and the files in memory).
  if (!wasm || wasm.wasmBinary || typeof paths !== 'object' || !paths.wasm || !paths.mjs) return;
  const [binary, factory] = await Promise.all([
    env.fetch(paths.wasm).then((response) => ok(response).arrayBuffer()),
    env.fetch(paths.mjs).then((response) => ok(response).text()),
  ]);
  wasm.wasmBinary = binary;
  wasm.wasmPaths = {
    wasm: URL.createObjectURL(new Blob([binary], { type: 'application/wasm' })),
    mjs: URL.createObjectURL(new Blob([factory], { type: 'text/javascript' })),
  };
}

function ok(response: Response): Response {
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
  return response;
}

function identityModel(): Uint8Array {
  return Uint8Array.from(atob(IDENTITY_MODEL_BASE64), (char) => char.charCodeAt(0));
}

/** The fetch transformers.js and the runtime read files through. */
export type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** A file of the model's graph: everything under the repo's `onnx/` folder. */
const GRAPH_FILE = /\/onnx\/[^/?#]+(?:[?#].*)?$/;

/**
 * Wraps `fetchFn` so that the body of every graph file ends only once
 * `ready()` has settled. The bytes flow as they arrive (a download is not
 * delayed, nothing is buffered twice); only the end of the stream waits.
 * transformers.js creates the model's session once it has read every graph
 * file, so the session is created on a started runtime, never alongside the
 * runtime's own first session.
 */
export function holdGraphFilesUntil(fetchFn: Fetch, ready: () => Promise<void> | undefined): Fetch {
  return async (input, init) => {
    const response = await fetchFn(input, init);
    const gate = ready();
    if (!gate || !response.body || !GRAPH_FILE.test(String(input))) return response;
    const held = response.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ flush: () => gate }));
    return new Response(held, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
