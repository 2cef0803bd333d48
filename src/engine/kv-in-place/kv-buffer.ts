/**
 * A KV cache that grows in place. onnxruntime-web copies every CPU output out
 * of its WASM heap into a new JavaScript array, and that array's pages are
 * fresh: at 0.6B's shape a 1,000-token cache is 229 MB, and writing it to
 * new pages cost about 0.9 s per decode step here, against 15 ms to
 * overwrite pages already in use (BENCHMARKS.md, "Decode against history").
 * So the graph (graph-rewrite/attention-as-matmul.ts,
 * `attentionOverKvBuffer`) outputs only the new positions, and this buffer,
 * allocated once per 256 positions, receives them.
 *
 * transformers.js still holds the cache as tensors `[B, kv, T, D]`: what it
 * holds are views, whose data is the first B·kv·T·D floats of the buffer
 * (the right length, not the right layout: heads lie C·D apart in a buffer
 * of capacity C). Only this module reads them; `kvViewData` gives their
 * contents laid out as their dims say, for whatever needs the real tensor.
 *
 * A buffer is shared by every view cut from it. Feeding the latest view
 * appends in place; feeding an older one whose positions are still intact
 * (say, a cache kept for a retry) forks a copy; feeding one whose positions a
 * later write overwrote is a bug, and throws.
 */
import { Qwen3Error } from '../../errors.js';

/** What the buffer needs of onnxruntime's tensors (whichever copy of onnxruntime-web made them). */
export interface OrtTensorLike {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: unknown;
  readonly location?: string;
}
export type OrtTensorClass = new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensorLike;

/** Positions are allocated this many at a time. */
export const KV_BUFFER_GROWTH = 256;

interface View {
  buffer: KvBuffer;
  length: number;
  /** The buffer's epoch when the view was cut: it is the latest view while they are equal. */
  epoch: number;
}

const views = new WeakMap<object, View>();

/** One past input's cache: `[B, kv, capacity, D]` float32. */
export class KvBuffer {
  private data: Float32Array;
  private capacity: number;
  private length = 0;
  private epoch = 0;
  /**
   * Where writes started, by epoch: after each push, starts grow with
   * epochs (a later write at or below an earlier one's start hides it), so
   * the first entry after an epoch is the lowest write since it.
   */
  private writes: Array<{ epoch: number; from: number }> = [];

  private constructor(
    private readonly rows: number,
    private readonly headDim: number,
    capacity: number,
  ) {
    this.capacity = capacity;
    this.data = new Float32Array(rows * capacity * headDim);
  }

  /**
   * The buffer to feed `past` through for a pass of `newTokens` positions,
   * holding `past`'s positions with room for the new ones: its own buffer
   * for the latest view, a copy for an older intact one, a new buffer for a
   * tensor that is not a view (an empty cache, or one read from storage).
   */
  static forPast(past: OrtTensorLike, newTokens: number): KvBuffer {
    const view = views.get(past);
    if (!view) return KvBuffer.adopt(past, newTokens);
    const { buffer, length } = view;
    if (view.epoch === buffer.epoch) {
      buffer.length = length;
      buffer.reserve(length + newTokens);
      return buffer;
    }
    if (!buffer.intact(view)) throw new Qwen3Error('INTERNAL', 'A KV cache was used after a later pass overwrote it.');
    const fork = new KvBuffer(buffer.rows, buffer.headDim, roundUp(length + newTokens));
    fork.copyRows(buffer.data, buffer.capacity, length);
    fork.length = length;
    return fork;
  }

  private static adopt(past: OrtTensorLike, newTokens: number): KvBuffer {
    if (past.type !== 'float32' || past.dims.length !== 4 || !(past.data instanceof Float32Array)) {
      throw new Qwen3Error('INTERNAL', `A KV cache tensor of type ${past.type} and dims [${past.dims.join(', ')}] cannot be held in place.`);
    }
    const [batch = 1, heads = 1, length = 0, headDim = 1] = past.dims;
    const buffer = new KvBuffer(batch * heads, headDim, roundUp(length + newTokens));
    buffer.copyRows(past.data, length, length);
    buffer.length = length;
    return buffer;
  }

  /** The whole buffer as the graph's past input, `[B, kv, capacity, D]` (the past is its first positions). */
  input(Tensor: OrtTensorClass, like: OrtTensorLike): OrtTensorLike {
    return new Tensor('float32', this.data, [like.dims[0] ?? 1, like.dims[1] ?? 1, this.capacity, this.headDim]);
  }

  /** Writes a pass's `present` (`[B, kv, S, D]`, the new positions only) after the past; the view of the whole cache. */
  append(Tensor: OrtTensorClass, present: OrtTensorLike): OrtTensorLike {
    const newTokens = present.dims[2] ?? 0;
    if (!(present.data instanceof Float32Array) || present.data.length !== this.rows * newTokens * this.headDim) {
      throw new Qwen3Error('INTERNAL', `A pass returned new KV of dims [${present.dims.join(', ')}], not ${newTokens} positions of this cache.`);
    }
    this.reserve(this.length + newTokens);
    const rowSize = newTokens * this.headDim;
    for (let row = 0; row < this.rows; row++) {
      this.data.set(present.data.subarray(row * rowSize, (row + 1) * rowSize), (row * this.capacity + this.length) * this.headDim);
    }
    this.recordWrite(this.length);
    this.length += newTokens;
    return this.view(Tensor, present, this.length);
  }

  /** A view of the first `length` positions, now the latest (later positions will be overwritten). */
  view(Tensor: OrtTensorClass, like: OrtTensorLike, length: number): OrtTensorLike {
    this.epoch++;
    const tensor = new Tensor('float32', this.data.subarray(0, this.rows * length * this.headDim), [like.dims[0] ?? 1, like.dims[1] ?? 1, length, this.headDim]);
    views.set(tensor, { buffer: this, length, epoch: this.epoch });
    return tensor;
  }

  /** The first `length` positions laid out `[B, kv, length, D]`. */
  contents(length: number): Float32Array {
    const out = new Float32Array(this.rows * length * this.headDim);
    for (let row = 0; row < this.rows; row++) {
      const from = row * this.capacity * this.headDim;
      out.set(this.data.subarray(from, from + length * this.headDim), row * length * this.headDim);
    }
    return out;
  }

  /** Whether no write since `view` was cut started inside its positions. */
  intact(view: View): boolean {
    const since = this.writes.find((write) => write.epoch > view.epoch);
    return !since || since.from >= view.length;
  }

  private recordWrite(from: number): void {
    while (this.writes.length > 0 && this.writes[this.writes.length - 1]!.from >= from) this.writes.pop();
    this.writes.push({ epoch: this.epoch + 1, from });
  }

  /** Room for `positions`, moving the cache into a larger buffer (rarely: a new one every 256 positions). */
  private reserve(positions: number): void {
    if (positions <= this.capacity) return;
    const old = { data: this.data, capacity: this.capacity };
    this.capacity = roundUp(positions);
    this.data = new Float32Array(this.rows * this.capacity * this.headDim);
    this.copyRows(old.data, old.capacity, this.length);
  }

  /** Copies the first `length` positions of each row of `source` (rows `sourceCapacity` positions apart). */
  private copyRows(source: Float32Array, sourceCapacity: number, length: number): void {
    for (let row = 0; row < this.rows; row++) {
      const from = row * sourceCapacity * this.headDim;
      this.data.set(source.subarray(from, from + length * this.headDim), row * this.capacity * this.headDim);
    }
  }
}

const roundUp = (positions: number): number => Math.max(KV_BUFFER_GROWTH, Math.ceil(positions / KV_BUFFER_GROWTH) * KV_BUFFER_GROWTH);

/** Whether `tensor` is a view of a {@link KvBuffer}. */
export function isKvView(tensor: object): boolean {
  return views.has(tensor);
}

/** A view's contents laid out as its dims say (a copy); throws when the buffer has since overwritten them. */
export function kvViewData(tensor: OrtTensorLike): Float32Array {
  const view = viewOf(tensor);
  return view.buffer.contents(view.length);
}

/**
 * A view of `tensor`'s first `length` positions, which becomes the latest
 * (its buffer's later positions will be overwritten): how a conversation
 * cache is cut back to the prefix a new prompt shares, with nothing copied.
 */
export function truncatedKvView(Tensor: OrtTensorClass, tensor: OrtTensorLike, length: number): OrtTensorLike {
  const view = viewOf(tensor);
  if (length > view.length) throw new Qwen3Error('INTERNAL', `A KV cache of ${view.length} positions cannot be cut to ${length}.`);
  return view.buffer.view(Tensor, tensor, length);
}

function viewOf(tensor: OrtTensorLike): View {
  const view = views.get(tensor);
  if (!view) throw new Qwen3Error('INTERNAL', 'Not a view of an in-place KV cache.');
  if (!view.buffer.intact(view)) throw new Qwen3Error('INTERNAL', 'A KV cache was read after a later pass overwrote it.');
  return view;
}
