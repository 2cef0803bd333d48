import { describe, expect, it } from 'vitest';
import { Qwen3Error, toQwen3Error } from '../../src/errors.js';

describe('Qwen3Error', () => {
  it('survives a structured clone round trip with its code and details', () => {
    const error = new Qwen3Error('QUOTA_EXCEEDED', 'Need 1 GB, 10 MB free.', { details: { needed: 1e9, free: 1e7 } });
    const back = Qwen3Error.fromJSON(structuredClone(error.toJSON()));
    expect(back).toBeInstanceOf(Qwen3Error);
    expect(back).toMatchObject({ code: 'QUOTA_EXCEEDED', message: 'Need 1 GB, 10 MB free.', details: { needed: 1e9, free: 1e7 } });
  });
  it('is recognised across copies by its registry symbol, not its class', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('qwen3-web.error')]: true, code: 'NETWORK' });
    expect(Qwen3Error.isInstance(foreign)).toBe(true);
    expect(Qwen3Error.isInstance(new Error('x'))).toBe(false);
  });
  it('wraps foreign errors with a fallback code', () => {
    expect(toQwen3Error(new TypeError('boom'), 'NETWORK')).toMatchObject({ code: 'NETWORK', message: 'boom' });
    const known = new Qwen3Error('ABORTED', 'stop');
    expect(toQwen3Error(known)).toBe(known);
  });
});
