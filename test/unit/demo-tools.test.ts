/** The demo's calculator tool reads arithmetic only: what the model writes is never run as code. */
import { describe, expect, it } from 'vitest';
import { calculate, DEMO_TOOLS } from '../../demo/src/lib/demo-tools.js';
import { readSettings } from '../../demo/src/lib/settings.js';

describe('demo tools', () => {
  it('calculates with precedence, parentheses, decimals and minus signs', () => {
    expect(calculate('(2 + 3) * 4')).toBe(20);
    expect(calculate('2 + 3 * 4')).toBe(14);
    expect(calculate('-1.5 * -(2 - 4) / 3')).toBe(-1);
    expect(calculate('10 / 4')).toBe(2.5);
  });

  it('refuses anything that is not arithmetic', () => {
    for (const bad of ['alert(1)', '2 +', '(1 + 2', '1 2', 'process.exit()', '2 ** 3', '']) expect(() => calculate(bad), bad).toThrow();
  });

  it('returns the result as JSON-able data, and the clock a date', async () => {
    const [calculator, clock] = DEMO_TOOLS;
    const signal = new AbortController().signal;
    expect(await calculator!.execute!({ expression: '6 * 7' }, { toolCallId: 'c', signal })).toEqual({ result: 42 });
    expect(String(await clock!.execute!({}, { toolCallId: 'c', signal }))).toMatch(String(new Date().getFullYear()));
  });

  it('?tools= picks the Tools card mode, and an unknown one is reported', () => {
    expect(readSettings('?tools=get_time').tools).toBe('get_time');
    expect(readSettings('').tools).toBe('off');
    expect(readSettings('?tools=rocket')).toMatchObject({ tools: 'off', ignored: ['tools=rocket'] });
  });
});
