/** The chat UI's number formatting. */
import { describe, expect, it } from 'vitest';
import { formatBudget, formatBytes, formatDuration, shortModelName, timeLeftMs } from '../../src/react/format.js';

describe('chat UI formatting', () => {
  it('formats sizes in decimal units', () => {
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(1_500)).toBe('1.5 kB');
    expect(formatBytes(570_000_000)).toBe('570 MB');
    expect(formatBytes(1_400_000_000)).toBe('1.4 GB');
  });
  it('formats durations', () => {
    expect(formatDuration(40)).toBe('0.1 s');
    expect(formatDuration(420)).toBe('0.4 s');
    expect(formatDuration(3_200)).toBe('3 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(3_780_000)).toBe('1 h 3 min');
  });
  it('tells the time left only when it can', () => {
    expect(timeLeftMs(50, 100, 10)).toBe(5_000);
    expect(timeLeftMs(50, 0, 10)).toBeUndefined();
    expect(timeLeftMs(50, 100, 0)).toBeUndefined();
    expect(timeLeftMs(100, 100, 10)).toBeUndefined();
  });
  it('names budgets and models', () => {
    expect(formatBudget(Infinity)).toBe('Unlimited');
    expect(formatBudget(1)).toBe('1 token');
    expect(formatBudget(128)).toBe('128 tokens');
    expect(shortModelName('onnx-community/Qwen3-0.6B-ONNX')).toBe('Qwen3-0.6B');
  });
});
