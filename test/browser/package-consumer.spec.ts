/**
 * The built package in someone else's Vite app: `npm run build`, then an app
 * that only imports 'qwen3-web' — no worker or WASM configuration — is built
 * and served (and run on Vite's dev server too), and streams a reply.
 */
import { execFileSync } from 'node:child_process';
import { createServer, preview, type PreviewServer, type ViteDevServer } from 'vite';
import { expect, test } from './fixtures.js';

const CONFIG = 'test/consumer/vite.config.ts';
let built: PreviewServer;
let dev: ViteDevServer;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  execFileSync('npm', ['run', 'build'], { stdio: 'pipe' });
  execFileSync('npx', ['vite', 'build', '--config', CONFIG], { stdio: 'pipe' });
  built = await preview({ configFile: CONFIG, preview: { port: 0, host: '127.0.0.1' } });
  dev = await createServer({ configFile: CONFIG, server: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
  await dev.listen();
});

test.afterAll(async () => {
  await built?.close();
  await dev?.close();
});

test('the package tarball holds the library, its types, LICENSE and NOTICE, and nothing of the demo', () => {
  // `npm run build` ran in beforeAll; `npm pack --dry-run` lists what `npm publish` would send.
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' })) as [{ files: Array<{ path: string }> }];
  const files = pack.files.map((file) => file.path).sort();
  for (const expected of ['LICENSE', 'NOTICE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/react.js', 'dist/react/index.d.ts', 'dist/worker.js', 'dist/assets/entry.js']) {
    expect(files).toContain(expected);
  }
  expect(files.some((file) => /^dist\/assets\/ort-wasm-simd-threaded\.asyncify\.wasm$/.test(file))).toBe(true);
  // No demo assets (PWA icons, manifest), sources, tests or models.
  expect(files.filter((file) => /\.(png|svg|webmanifest)$|^(src|demo|test|models|public|scripts|bench)\//.test(file))).toEqual([]);
});

for (const mode of ['production build', 'dev server'] as const) {
  test(`a Vite app using the built package streams a reply (${mode})`, async ({ page, hub }) => {
    const server = mode === 'production build' ? built : dev;
    const base = server.resolvedUrls!.local[0]!;
    await page.goto(`${base}?host=${encodeURIComponent(hub.url)}`);
    await expect(page.locator('#status')).toHaveText('done:8', { timeout: 90_000 });
    // The machine has no internet: had the ONNX Runtime files been fetched
    // from a CDN (transformers.js's default), the load would have failed.
    expect((await page.locator('#reply').textContent())!.length).toBeGreaterThan(0);
  });
}
