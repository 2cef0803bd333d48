import { describe, expect, it } from 'vitest';
import { Qwen3Error } from '../../src/errors.js';
import { latestSoftSwitch } from '../../src/core/soft-switch.js';
import { validateChatOptions, validateLoadOptions, validateMessages } from '../../src/core/validate.js';

const codeOf = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return Qwen3Error.isInstance(error) ? error.code : 'NOT_QWEN3';
  }
};

describe('validateMessages', () => {
  it('accepts strings and parts', () => {
    expect(codeOf(() => validateMessages([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: [{ type: 'text', text: 'Hi' }] }]))).toBeUndefined();
  });
  it.each([
    ['not an array', 'hi'],
    ['empty', []],
    ['unknown role', [{ role: 'bot', content: 'x' }]],
    ['bad content', [{ role: 'user', content: 5 }]],
    ['bad part', [{ role: 'user', content: [{ type: 'image', text: 'x' }] }]],
    ['blank last message', [{ role: 'user', content: ' \n' }]],
    ['ends with the assistant', [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }]],
  ])('rejects %s', (_, messages) => {
    expect(codeOf(() => validateMessages(messages))).toBe('INVALID_ARGUMENT');
  });
});

describe('validateChatOptions', () => {
  it('accepts sane values and Infinity budgets', () => {
    expect(codeOf(() => validateChatOptions({ thinkingBudget: Infinity, temperature: 0, topP: 1, seed: 3, maxNewTokens: 1 }))).toBeUndefined();
  });
  it.each([
    { thinkingBudget: -1 },
    { thinkingBudget: Number.NaN },
    { thinkingBudget: 2.5 },
    { maxNewTokens: 0 },
    { temperature: -0.1 },
    { topP: 0 },
    { minP: 1.5 },
    { presencePenalty: 3 },
    { seed: -1 },
    { thinking: 'yes' as unknown as boolean },
    { contextOverflow: 'truncate' as unknown as 'error' },
  ])('rejects %o', (options) => {
    expect(codeOf(() => validateChatOptions(options))).toBe('INVALID_ARGUMENT');
  });
});

describe('validateLoadOptions', () => {
  it.each([{ model: 'no-slash' }, { host: 'ftp://x' }, { device: 'gpu' as 'auto' }, { dtype: 'q3' as 'auto' }, { revision: '' }, { warmUp: 'yes' as unknown as boolean }, { wasmThreads: 0 }, { wasmThreads: 1.5 }, { wasmThreads: 17 }])(
    'rejects %o',
    (options) => expect(codeOf(() => validateLoadOptions(options))).toBe('INVALID_ARGUMENT'),
  );

  it('accepts 1 to 16 WASM threads', () => {
    expect(() => validateLoadOptions({ wasmThreads: 1 })).not.toThrow();
    expect(() => validateLoadOptions({ wasmThreads: 16 })).not.toThrow();
  });
});

describe('latestSoftSwitch', () => {
  it('follows the latest switch in user or system messages', () => {
    expect(latestSoftSwitch([{ role: 'user', content: 'hi' }])).toBeUndefined();
    expect(latestSoftSwitch([{ role: 'user', content: 'a /think b /no_think' }])).toBe(false);
    expect(latestSoftSwitch([{ role: 'user', content: '/no_think' }, { role: 'assistant', content: '/think' }, { role: 'user', content: 'go' }])).toBe(false);
    expect(latestSoftSwitch([{ role: 'system', content: '/no_think' }, { role: 'user', content: 'go /think' }])).toBe(true);
  });
});
