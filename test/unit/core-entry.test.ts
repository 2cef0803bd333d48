/**
 * The core entry `qwen3-web` must not pull in React: apps without React (or
 * with their own UI) install the package for the engine alone. Walks every
 * module reachable from src/index.ts and lists the packages they import.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The .ts or .tsx file behind a `.js` import. */
function sourceOf(path: string): string {
  const base = path.replace(/\.js$/, '');
  return [`${base}.ts`, `${base}.tsx`, path].find((candidate) => existsSync(candidate)) ?? `${base}.ts`;
}

function packagesReachableFrom(entry: string): { packages: Set<string>; modules: Set<string> } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (modules.has(file)) return;
    modules.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2]!;
      if (specifier.startsWith('.')) visit(sourceOf(resolve(dirname(file), specifier)));
      else packages.add(specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'));
    }
  };
  visit(resolve(entry));
  return { packages, modules };
}

describe('the core entry', () => {
  it('imports no React, directly or through any module it reaches', () => {
    const { packages, modules } = packagesReachableFrom('src/index.ts');
    expect(modules.size).toBeGreaterThan(20);
    expect([...packages].filter((name) => /^react($|-)/.test(name))).toEqual([]);
    expect([...modules].filter((file) => file.includes('/src/react/'))).toEqual([]);
  });

  it('while the react entry does use React (the walk really follows imports)', () => {
    const { packages } = packagesReachableFrom('src/react/index.ts');
    expect(packages.has('react')).toBe(true);
  });
});

describe('the core entry exports', () => {
  it('no store factory: the engine always uses its own IndexedDB store, so a custom one would be ignored', async () => {
    const entry: Record<string, unknown> = await import('../../src/index.js');
    expect(typeof entry['listCachedModels']).toBe('function');
    expect(entry).not.toHaveProperty('createModelStore');
    // Nor the store's type (type-only exports leave no trace at run time).
    expect(readFileSync('src/index.ts', 'utf8')).not.toMatch(/\bModelStore\b/);
  });
});
