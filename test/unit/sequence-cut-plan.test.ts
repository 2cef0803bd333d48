import { describe, expect, it } from 'vitest';
import { planSequenceCut, type SequenceCutPlan } from '../../src/engine/sequence-cut-plan.js';

/** Runs a plan's copies on CPU bytes, as `copyBufferToBuffer` would on the GPU. */
function applyPlan(plan: SequenceCutPlan, source: Uint8Array): Uint8Array {
  const target = new Uint8Array(plan.bufferSize);
  for (const range of plan.ranges) target.set(source.subarray(range.sourceOffset, range.sourceOffset + range.size), range.targetOffset);
  return target;
}

/** The reference: element [b, h, s, d] of a `[batch, heads, sequence, headDim]` tensor kept for s < length. */
function sliceReference(dims: [number, number, number, number], elementBytes: number, length: number, source: Uint8Array): Uint8Array {
  const [batch, heads, sequence, headDim] = dims;
  const kept: number[] = [];
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      for (let s = 0; s < length; s++) {
        const start = (((b * heads + h) * sequence + s) * headDim) * elementBytes;
        kept.push(...source.subarray(start, start + headDim * elementBytes));
      }
    }
  }
  return Uint8Array.from(kept);
}

const bytesOf = (count: number): Uint8Array => Uint8Array.from({ length: count }, (_, i) => (i * 7 + 3) % 251);

describe('cutting a KV-cache tensor to its first positions on the GPU', () => {
  it.each([
    ['float32, the tiny model', [1, 2, 9, 32], 4, 5],
    ['float16, the tiny model', [1, 2, 9, 32], 2, 1],
    ['float32, batch 2, odd head_dim', [2, 3, 7, 5], 4, 4],
    ['float16, 0.6B shape', [1, 8, 40, 128], 2, 33],
  ] as const)('%s: copies give the sliced tensor', (_name, dims, elementBytes, length) => {
    const source = bytesOf(dims.reduce((a: number, b: number) => a * b, 1) * elementBytes);
    const plan = planSequenceCut(dims, elementBytes, length)!;
    const expected = sliceReference([...dims], elementBytes, length, source);
    expect(plan.dims).toEqual([dims[0], dims[1], length, dims[3]]);
    expect(applyPlan(plan, source).subarray(0, expected.length)).toEqual(expected);
    // One copy per (batch, head) row.
    expect(plan.ranges).toHaveLength(dims[0] * dims[1]);
  });

  it('every copy is 4-byte aligned, and the buffer is a multiple of 16 bytes', () => {
    const plan = planSequenceCut([1, 8, 300, 128], 2, 123)!;
    for (const range of plan.ranges) {
      expect([range.sourceOffset % 4, range.targetOffset % 4, range.size % 4]).toEqual([0, 0, 0]);
    }
    expect(plan.bufferSize % 16).toBe(0);
    expect(plan.bufferSize).toBeGreaterThanOrEqual(8 * 123 * 128 * 2);
    expect(planSequenceCut([1, 1, 3, 1], 4, 1)!.bufferSize).toBe(16);
  });

  it('keeping every position is one copy of the whole tensor', () => {
    expect(planSequenceCut([1, 2, 4, 8], 4, 4)!.ranges).toEqual([{ sourceOffset: 0, targetOffset: 0, size: 2 * 4 * 8 * 4 }]);
  });

  it('declines float16 rows whose byte length is not a multiple of 4', () => {
    expect(planSequenceCut([1, 2, 7, 3], 2, 3)).toBeUndefined();
    expect(planSequenceCut([1, 2, 7, 3], 2, 2)).toBeUndefined();
  });

  it('rejects lengths it cannot keep and tensors that are not rank 4', () => {
    expect(() => planSequenceCut([1, 2, 4, 8], 4, 0)).toThrow(RangeError);
    expect(() => planSequenceCut([1, 2, 4, 8], 4, 5)).toThrow(RangeError);
    expect(() => planSequenceCut([1, 2, 4, 8], 4, 1.5)).toThrow(RangeError);
    expect(() => planSequenceCut([2, 4, 8], 4, 1)).toThrow(RangeError);
  });
});
