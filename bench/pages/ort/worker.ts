/**
 * onnxruntime-web alone: `InferenceSession.create(bytes)` in a fresh worker,
 * the floor under any load from memory (model and runtime binary already in
 * memory). The same bundle transformers.js imports (`onnxruntime-web/webgpu`,
 * which runs the `wasm` EP too), the same version, and the SDK's own
 * same-origin WASM files.
 */
import { expose } from 'comlink';
import type { OpsProfile, OrtSessionFigures } from '../../shared/figures.js';
import { bundledWasmPaths } from '../../../src/worker/ort-files.js';
import { graphRewritesFor } from '../../../src/engine/graph-rewrite/graph-rewrite-fetch.js';
import { rewriteGraphBytes } from '../../../src/engine/graph-rewrite/rewrite-graph-response.js';
import { runWithKvInPlace, type RunnableSession } from '../../../src/engine/kv-in-place/run-with-kv-in-place.js';
import { capturePrinted, parseProfile, passProfiles, runPasses, type PassSpec } from './profile-ops.js';

// Before onnxruntime starts: its profile comes out through console.log.
const printed = capturePrinted();

/** What to create a session for. */
export interface OrtSessionRequest {
  /** URL prefix of the model's files on the hub server (`…/resolve/main/`). */
  base: string;
  /** The model graph first, then its external-data files. */
  files: string[];
  device: 'wasm' | 'webgpu';
  /** Create the session on the graph as the SDK rewrites it on WASM (src/engine/graph-rewrite), not as exported. */
  asSdkRewritesIt?: boolean;
}


async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** The graph and its external-data files, in memory. */
async function fetchModel(request: OrtSessionRequest): Promise<{ graph: Uint8Array; externalData: Array<{ path: string; data: Uint8Array }> }> {
  const [graphFile, ...dataFiles] = request.files;
  if (!graphFile) throw new Error('no model file');
  const graph = await fetchBytes(request.base + graphFile);
  const externalData = await Promise.all(
    dataFiles.map(async (file) => ({ path: file.slice(file.lastIndexOf('/') + 1), data: await fetchBytes(request.base + file) })),
  );
  return { graph, externalData };
}

const api = {
  ping: () => true,
  /** Fetches the files (untimed), then times the import and two session creations. */
  async createSessions(request: OrtSessionRequest): Promise<OrtSessionFigures> {
    const { graph, externalData } = await fetchModel(request);
    // The runtime's binary in memory too, as transformers.js hands it over
    // (env.useWasmCache): only instantiation is timed, never a download.
    const wasmBinary = await fetchBytes(bundledWasmPaths.wasm);
    let started = performance.now();
    const ort = await import('onnxruntime-web/webgpu');
    const importMs = performance.now() - started;
    ort.env.wasm.wasmPaths = { mjs: bundledWasmPaths.mjs, wasm: bundledWasmPaths.wasm };
    ort.env.wasm.wasmBinary = wasmBinary.buffer;
    ort.env.logLevel = 'error';
    const options = {
      executionProviders: [request.device],
      logSeverityLevel: 3 as const,
      ...(externalData.length > 0 ? { externalData } : {}),
    };
    const times: number[] = [];
    for (let i = 0; i < 2; i++) {
      started = performance.now();
      const session = await ort.InferenceSession.create(graph, options);
      times.push(performance.now() - started);
      await session.release();
    }
    return {
      firstCreateMs: times[0]!,
      secondCreateMs: times[1]!,
      importMs,
      modelBytes: graph.byteLength + externalData.reduce((sum, entry) => sum + entry.data.byteLength, 0),
      files: request.files,
    };
  },
  /** One session with onnxruntime's profiler on: `passes` run in order, each summed per op type. */
  async profileOps(request: OrtSessionRequest, passes: PassSpec[]): Promise<OpsProfile> {
    const fetched = await fetchModel(request);
    const { externalData } = fetched;
    // As the SDK's engine streams it into the runtime on WASM.
    const graph = (request.asSdkRewritesIt && rewriteGraphBytes(fetched.graph, graphRewritesFor('wasm', 'float32'))) || fetched.graph;
    const ort = await import('onnxruntime-web/webgpu');
    // As the SDK runs WASM where WebGPU has no adapter: on onnxruntime-web's CPU-only build.
    const { cpu, ...webgpuBuild } = bundledWasmPaths;
    ort.env.wasm.wasmPaths = request.asSdkRewritesIt && request.device === 'wasm' && cpu ? { ...cpu } : webgpuBuild;
    ort.env.logLevel = 'error';
    const session = await ort.InferenceSession.create(graph, {
      executionProviders: [request.device],
      logSeverityLevel: 3,
      enableProfiling: true,
      ...(externalData.length > 0 ? { externalData } : {}),
    });
    // Its KV cache held in place, as the engine holds it (engine/kv-in-place/).
    if (request.asSdkRewritesIt) runWithKvInPlace(session as unknown as RunnableSession);
    try {
      const timed = await runPasses(ort, session, passes);
      printed.capturing = true;
      session.endProfiling();
      printed.capturing = false;
      return { threads: ort.env.wasm.numThreads ?? 1, passes: passProfiles(parseProfile(printed.lines), timed) };
    } finally {
      printed.capturing = false;
      printed.lines.length = 0;
      await session.release();
    }
  },
};

/** The worker's API. */
export type OrtWorkerApi = typeof api;

expose(api);
