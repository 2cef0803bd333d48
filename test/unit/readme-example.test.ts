/**
 * The README's usage example must be the code that `npm test` type-checks
 * (test/types/readme-example.ts), so the README can never show code that
 * does not compile.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const normalise = (code: string) =>
  code
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => line.replace("'../../src/index.js'", "'qwen3-web'"));

describe('README example', () => {
  it('is the type-checked example, line for line', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /## Use it\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'the README has a ```ts block under "## Use it"').toBeDefined();
    const checked = readFileSync('test/types/readme-example.ts', 'utf8');
    const body = /export async function readmeExample\(\): Promise<void> \{\n([\s\S]*)\n\}\s*$/.exec(checked)?.[1] ?? '';
    const imports = checked.split('\n').filter((line) => line.startsWith('import '));
    expect(normalise(block!)).toEqual(normalise([...imports, body].join('\n')));
  });
});
