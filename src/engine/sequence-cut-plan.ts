/**
 * Where the bytes of a shorter KV-cache tensor come from. A
 * `[batch, heads, sequence, headDim]` tensor stores each (batch, head) row's
 * positions contiguously, so keeping the first `length` positions is one copy
 * per row: the row's first `length × headDim` elements, packed together.
 * Pure arithmetic, so the GPU copy (gpu-sequence-cut.ts) can be checked
 * without a GPU.
 */

/** One `copyBufferToBuffer`: `size` bytes from `sourceOffset` to `targetOffset`. */
export interface CopyRange {
  sourceOffset: number;
  targetOffset: number;
  size: number;
}

/** The copies that cut a tensor, and the buffer they fill. */
export interface SequenceCutPlan {
  ranges: CopyRange[];
  /** The cut tensor's dims: `[batch, heads, length, headDim]`. */
  dims: [number, number, number, number];
  /** The new buffer's size: the cut tensor's bytes rounded up to 16, as onnxruntime's own buffers are. */
  bufferSize: number;
}

/** WebGPU copies offsets and sizes in multiples of 4 bytes. */
const COPY_ALIGNMENT = 4;
/** onnxruntime's WebGPU buffers are sized in multiples of 16 bytes. */
const BUFFER_ALIGNMENT = 16;

/**
 * Plans cutting a `[batch, heads, sequence, headDim]` tensor of
 * `elementBytes`-sized elements to its first `length` positions. Returns
 * undefined when a copy would not be 4-byte aligned (a float16 row with an odd
 * `length × headDim`), for the caller to cut another way. Rows that end up
 * adjacent in both buffers are merged into one copy.
 */
export function planSequenceCut(dims: readonly number[], elementBytes: number, length: number): SequenceCutPlan | undefined {
  if (dims.length !== 4) throw new RangeError(`expected a [batch, heads, sequence, headDim] tensor; got dims [${dims.join(', ')}]`);
  const [batch, heads, sequence, headDim] = dims as [number, number, number, number];
  if (!Number.isInteger(length) || length < 1 || length > sequence) {
    throw new RangeError(`cannot keep ${length} of ${sequence} positions`);
  }
  const sourceRow = sequence * headDim * elementBytes;
  const targetRow = length * headDim * elementBytes;
  if (sourceRow % COPY_ALIGNMENT !== 0 || targetRow % COPY_ALIGNMENT !== 0) return undefined;
  const ranges: CopyRange[] = [];
  for (let row = 0; row < batch * heads; row++) {
    const range = { sourceOffset: row * sourceRow, targetOffset: row * targetRow, size: targetRow };
    const previous = ranges.at(-1);
    // Only when nothing is cut (length = sequence) are rows adjacent in both buffers.
    if (previous && previous.sourceOffset + previous.size === range.sourceOffset && previous.targetOffset + previous.size === range.targetOffset) {
      previous.size += range.size;
    } else {
      ranges.push(range);
    }
  }
  const bytes = batch * heads * targetRow;
  return { ranges, dims: [batch, heads, length, headDim], bufferSize: Math.max(BUFFER_ALIGNMENT, Math.ceil(bytes / BUFFER_ALIGNMENT) * BUFFER_ALIGNMENT) };
}
