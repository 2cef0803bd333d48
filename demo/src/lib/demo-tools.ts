/**
 * The demo's tools: a calculator and a clock the model can call, run in the
 * page by `<Qwen3Chat tools>`. The calculator reads arithmetic with a small
 * parser (numbers, + − × ÷, parentheses): model output is untrusted, so
 * nothing it writes is ever evaluated as code.
 */
import type { ExecutableTool } from 'qwen3-web/react';

/** `(2 + 3) * 4` → 20; throws on anything that is not arithmetic. */
export function calculate(expression: string): number {
  const tokens = expression.match(/\d+(?:\.\d+)?|[-+*/()]|\S/g) ?? [];
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const take = (): string => {
    const token = tokens[at++];
    if (token === undefined) throw new Error('The expression ends too soon.');
    return token;
  };
  const primary = (): number => {
    const token = take();
    if (token === '(') {
      const value = sum();
      if (take() !== ')') throw new Error('A parenthesis is not closed.');
      return value;
    }
    if (token === '-') return -primary();
    const value = Number(token);
    if (!/^\d/.test(token) || !Number.isFinite(value)) throw new Error(`"${token}" is not a number.`);
    return value;
  };
  const product = (): number => {
    let value = primary();
    while (peek() === '*' || peek() === '/') value = take() === '*' ? value * primary() : value / primary();
    return value;
  };
  const sum = (): number => {
    let value = product();
    while (peek() === '+' || peek() === '-') value = take() === '+' ? value + product() : value - product();
    return value;
  };
  const value = sum();
  if (at < tokens.length) throw new Error(`Unexpected "${tokens[at]}".`);
  return value;
}

export const DEMO_TOOLS: readonly ExecutableTool[] = [
  {
    name: 'calculate',
    description: 'Evaluates an arithmetic expression with + - * / and parentheses, e.g. "(2 + 3) * 4".',
    parameters: { type: 'object', properties: { expression: { type: 'string' } }, required: ['expression'], additionalProperties: false },
    execute: ({ expression }: { expression: string }) => ({ result: calculate(expression) }),
  },
  {
    name: 'get_time',
    description: "The current local date and time on the user's device.",
    execute: () => new Date().toString(),
  },
];

/** What the Tools card lets the user choose: tools off, the model decides, or one tool it must call (to watch the mechanics on any model). */
export type ToolsMode = 'off' | 'auto' | 'calculate' | 'get_time';
export const TOOLS_MODES: readonly ToolsMode[] = ['off', 'auto', 'calculate', 'get_time'];
