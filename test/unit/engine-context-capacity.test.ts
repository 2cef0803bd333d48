import { describe, expect, it } from 'vitest';
import { contextCapacity, WASM_HEAP_BYTES } from '../../src/engine/context-capacity.js';
import { QWEN3_0_6B, QWEN3_4B, QWEN3_TINY } from '../../src/registry/architectures.js';

const GiB = 1024 ** 3;

describe('contextLength: what the loaded model can hold', () => {
  it('0.6B on WASM with an fp32 cache: well under 15k tokens, and the cache fits the 4 GiB heap', () => {
    const tokens = contextCapacity({ device: 'wasm', architecture: QWEN3_0_6B, kvElementBytes: 4, weightsBytes: 919e6, maxPositions: 40960 });
    expect(tokens).toBeLessThan(15_000);
    expect(tokens).toBeGreaterThan(4_000);
    // Past and present caches both in the heap, beside the weights.
    const kvPerToken = 2 * 28 * 8 * 128 * 4;
    expect(919e6 + 2 * kvPerToken * tokens).toBeLessThan(WASM_HEAP_BYTES);
  });

  it('stays below where 0.6B ran out of memory in onnxruntime-web (int8 at 6,656 tokens, fp32 at 1,792), by hundreds of tokens', () => {
    const at = (weightsBytes: number) => contextCapacity({ device: 'wasm', architecture: QWEN3_0_6B, kvElementBytes: 4, weightsBytes, maxPositions: 40960 });
    // The full-size fixture's files: model_int8.onnx, model.onnx + its two data files.
    const int8 = at(617_625_212);
    const fp32 = at(224_189 + 1_209_606_144 + 1_195_536_384);
    expect(int8).toBeLessThan(6_656 - 256);
    expect(int8).toBeGreaterThan(5_000);
    expect(fp32).toBeLessThan(1_792 - 256);
    expect(fp32).toBeGreaterThan(768);
  });

  it('shrinks with bigger weights and a wider cache', () => {
    const small = contextCapacity({ device: 'wasm', architecture: QWEN3_0_6B, kvElementBytes: 4, weightsBytes: 0.6 * GiB, maxPositions: 40960 });
    const big = contextCapacity({ device: 'wasm', architecture: QWEN3_4B, kvElementBytes: 4, weightsBytes: 2.8 * GiB, maxPositions: 40960 });
    expect(big).toBeLessThan(small);
    expect(contextCapacity({ device: 'wasm', architecture: QWEN3_4B, kvElementBytes: 4, weightsBytes: 4 * GiB, maxPositions: 40960 })).toBe(0);
  });

  it('on WebGPU, is bounded by maxBufferSize', () => {
    const tokens = contextCapacity({ device: 'webgpu', architecture: QWEN3_0_6B, kvElementBytes: 2, weightsBytes: 570e6, maxPositions: 40960, maxBufferSize: 256 * 1024 ** 2 });
    expect(tokens).toBe(16_384);
    expect(contextCapacity({ device: 'webgpu', architecture: QWEN3_0_6B, kvElementBytes: 2, weightsBytes: 570e6, maxPositions: 40960, maxBufferSize: 4 * GiB })).toBe(40960);
  });

  it('gives the tiny test model its full 40,960 positions', () => {
    expect(contextCapacity({ device: 'wasm', architecture: QWEN3_TINY, kvElementBytes: 4, weightsBytes: 40e6, maxPositions: 40960 })).toBe(40960);
  });
});
