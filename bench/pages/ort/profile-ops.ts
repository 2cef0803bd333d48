/**
 * Where a forward pass spends its time, op by op: onnxruntime's own profiler
 * (`enableProfiling`) on a bare session, fed the way transformers.js feeds a
 * builder-style Qwen3 graph (ids, mask, positions, the past, one logit kept).
 * onnxruntime-web's WASM build writes the profile to stdout when the session
 * ends profiling, which Emscripten hands to `console.log`: the worker must
 * capture it before onnxruntime's module starts ({@link capturePrinted}).
 */
import type * as OrtModule from 'onnxruntime-web/webgpu';
import type { OpTime, ProfiledPass } from '../../shared/figures.js';

type Ort = typeof OrtModule;
type Session = OrtModule.InferenceSession;
type Tensor = OrtModule.Tensor;

/** One pass to profile: `newTokens` after the pass before it (`fresh` starts a new sequence). */
export interface PassSpec {
  label: string;
  newTokens: number;
  fresh?: boolean;
}

/**
 * Routes `console.log` into a buffer while `capturing`. Call before
 * onnxruntime-web is imported: its Emscripten module binds `console.log`
 * once, when it starts.
 */
export function capturePrinted(): { lines: string[]; capturing: boolean } {
  const state = { lines: [] as string[], capturing: false };
  const log = console.log.bind(console);
  console.log = (...args: unknown[]) => {
    if (state.capturing) state.lines.push(args.map(String).join(' '));
    else log(...args);
  };
  return state;
}

const int64 = (ort: Ort, values: number[], dims: number[]): Tensor =>
  new ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), dims);

/** Token ids for `count` new positions: arbitrary ordinary-vocabulary ids, fixed by position. */
const tokenIds = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => 1000 + (((from + i) * 7919) % 140_000));

/** Runs `passes` on `session`, timing each around `session.run`. */
export async function runPasses(ort: Ort, session: Session, passes: readonly PassSpec[]): Promise<Array<PassSpec & { pastTokens: number; wallMs: number }>> {
  const pastNames = session.inputNames.filter((name) => name.startsWith('past_key_values.'));
  const shapeOf = (name: string) => session.inputMetadata.find((m) => m.name === name) as { shape?: ReadonlyArray<number | string> } | undefined;
  const empty = Object.fromEntries(
    pastNames.map((name) => {
      // [batch, kv heads, past length, head dim]: the symbolic dims are batch (1) and past (0).
      const dims = (shapeOf(name)?.shape ?? []).map((d, i) => (typeof d === 'number' ? d : i === 0 ? 1 : 0));
      return [name, new ort.Tensor('float32', new Float32Array(0), dims)];
    }),
  );
  let past: Record<string, Tensor> = empty;
  let pastTokens = 0;
  const timed: Array<PassSpec & { pastTokens: number; wallMs: number }> = [];
  for (const pass of passes) {
    if (pass.fresh) {
      past = empty;
      pastTokens = 0;
    }
    const total = pastTokens + pass.newTokens;
    const feeds: Record<string, Tensor> = {
      ...past,
      input_ids: int64(ort, tokenIds(pastTokens, pass.newTokens), [1, pass.newTokens]),
      attention_mask: int64(ort, new Array<number>(total).fill(1), [1, total]),
      position_ids: int64(ort, Array.from({ length: pass.newTokens }, (_, i) => pastTokens + i), [1, pass.newTokens]),
    };
    if (session.inputNames.includes('num_logits_to_keep')) feeds['num_logits_to_keep'] = int64(ort, [1], []);
    const started = performance.now();
    const outputs = await session.run(feeds);
    timed.push({ ...pass, pastTokens, wallMs: performance.now() - started });
    past = Object.fromEntries(pastNames.map((name) => [name, outputs[name.replace('past_key_values.', 'present.')]!]));
    pastTokens = total;
  }
  return timed;
}

interface ProfileEvent {
  cat: string;
  name: string;
  ts: number;
  dur: number;
  args?: { op_name?: string; parameter_size?: string };
}

/** Reads the printed profile (a JSON array of Chrome trace events) out of `lines`. */
export function parseProfile(lines: readonly string[]): ProfileEvent[] {
  const text = lines.join('\n');
  const start = text.indexOf('[');
  const end = text.lastIndexOf(']');
  if (start < 0 || end < start) throw new Error('onnxruntime printed no profile');
  return JSON.parse(text.slice(start, end + 1)) as ProfileEvent[];
}

/**
 * Splits the kernel events by the `model_run` they fall in (one per
 * `session.run`, in order) and sums them per op type.
 */
export function passProfiles(events: readonly ProfileEvent[], timed: ReadonlyArray<PassSpec & { pastTokens: number; wallMs: number }>): ProfiledPass[] {
  const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').sort((a, b) => a.ts - b.ts);
  if (runs.length !== timed.length) throw new Error(`profiled ${runs.length} runs for ${timed.length} passes`);
  const kernels = events.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time'));
  return timed.map((pass, i) => {
    const run = runs[i]!;
    const byOp = new Map<string, OpTime>();
    for (const kernel of kernels) {
      if (kernel.ts < run.ts || kernel.ts > run.ts + run.dur) continue;
      const op = kernel.args?.op_name ?? '?';
      const entry = byOp.get(op) ?? { op, ms: 0, count: 0, weightBytes: 0 };
      entry.ms += kernel.dur / 1000;
      entry.count += 1;
      entry.weightBytes += Number(kernel.args?.parameter_size ?? 0);
      byOp.set(op, entry);
    }
    return {
      label: pass.label,
      newTokens: pass.newTokens,
      pastTokens: pass.pastTokens,
      wallMs: pass.wallMs,
      runMs: run.dur / 1000,
      ops: [...byOp.values()].sort((a, b) => b.ms - a.ms),
    };
  });
}
