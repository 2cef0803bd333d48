/**
 * The engine's side of stored prefix caches: which stored prefix a prompt
 * starts with, and a cache's tensors to bytes and back (float32 and float16,
 * views on larger buffers stored as their own bytes only).
 */
import { DynamicCache, Tensor } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { bestStoredPrefix, cacheFromTensorBytes, cacheTensorBytes } from '../../src/engine/stored-prefix.js';
import type { PrefixRecord } from '../../src/store/prefix-store.js';

const record = (tokens: number[]): PrefixRecord => ({
  kind: 'prefix',
  model: 'm/x',
  revision: 'c',
  dtype: 'q8',
  id: tokens.join('-'),
  tokens,
  tensors: [],
  bytes: 0,
  device: 'wasm',
  createdAt: 0,
  lastUsedAt: 0,
});

describe('bestStoredPrefix', () => {
  const long = record([1, 2, 3, 4, 5]);
  const short = record([1, 2, 3]);
  const other = record([9, 9, 9, 9, 9, 9]);
  const stored = [other, long, short];

  it('picks the longest stored prefix the prompt starts with, leaving at least one token to run', () => {
    expect(bestStoredPrefix(stored, [1, 2, 3, 4, 5, 6, 7], undefined)).toBe(long);
    expect(bestStoredPrefix(stored, [1, 2, 3, 4, 5], undefined)).toBe(short);
    expect(bestStoredPrefix(stored, [1, 2, 3, 7, 8], undefined)).toBe(short);
    expect(bestStoredPrefix(stored, [2, 1], undefined)).toBeUndefined();
  });

  it('only when it covers more than the cache in memory', () => {
    expect(bestStoredPrefix(stored, [1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6, 7])).toBeUndefined();
    expect(bestStoredPrefix(stored, [1, 2, 3, 4, 5, 6], [1, 2, 3, 4])).toBe(long);
    expect(bestStoredPrefix(stored, [1, 2, 3, 4, 5, 6], [1, 2, 8])).toBe(long);
  });
});

describe('cache tensors as bytes', () => {
  it('round-trip in float32 and float16, each tensor in a buffer of its own', async () => {
    const big = new Float32Array(64).map((_, i) => i / 7);
    const key = new Tensor('float32', big.subarray(16, 32), [1, 2, 2, 4]);
    const value = new Tensor('float16', new Uint16Array([15360, 16384, 16896, 17408]), [1, 1, 2, 2]);
    const tokens = [10, 11];
    const bytes = await cacheTensorBytes({ tokens, pastKeyValues: new DynamicCache({ 'past_key_values.0.key': key, 'past_key_values.0.value': value }) });
    expect(bytes.map((t) => [t.name, t.type, t.dims, t.data.byteLength])).toEqual([
      ['past_key_values.0.key', 'float32', [1, 2, 2, 4], 64],
      ['past_key_values.0.value', 'float16', [1, 1, 2, 2], 8],
    ]);
    // The key was a view on a 256-byte buffer: only its 64 bytes are kept.
    expect(bytes[0]!.data.buffer.byteLength).toBe(64);
    const restored = cacheFromTensorBytes(tokens, bytes);
    expect(restored.tokens).toEqual(tokens);
    const entries = restored.pastKeyValues as unknown as Record<string, Tensor>;
    expect(Array.from(entries['past_key_values.0.key']!.data as Float32Array)).toEqual(Array.from(big.subarray(16, 32)));
    expect(entries['past_key_values.0.key']!.dims).toEqual([1, 2, 2, 4]);
    const half = entries['past_key_values.0.value']!;
    expect(half.type).toBe('float16');
    expect(Array.from(new Uint16Array((half.data as Uint16Array).buffer))).toEqual([15360, 16384, 16896, 17408]);
    expect(restored.pastKeyValues.get_seq_length()).toBe(2);
  });
});
