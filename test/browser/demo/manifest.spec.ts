/**
 * The installable app: the page links a web app manifest with a name, icons
 * (192 and 512 px PNGs, one maskable), a relative start URL and scope, and a
 * standalone display; the service worker precaches the app, not the weights.
 */
import { expect, test } from './demo-fixtures.js';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

test('the web app manifest names the app, its icons, start URL and display', async ({ request, demoSite }) => {
  const html = await (await request.get(demoSite.url)).text();
  expect(html).toMatch(/<link rel="manifest" href="\.\/manifest\.webmanifest">/);

  const response = await request.get(`${demoSite.url}manifest.webmanifest`);
  expect(response.ok()).toBe(true);
  const manifest = (await response.json()) as Record<string, unknown> & { icons: ManifestIcon[] };
  expect(manifest).toMatchObject({ name: expect.stringContaining('Qwen3'), short_name: expect.any(String), display: 'standalone' });
  // Relative, so the site works under any sub-path.
  expect(manifest['start_url']).toBe('./');
  expect(manifest['scope']).toBe('./');
  expect(manifest['theme_color']).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest['background_color']).toMatch(/^#[0-9a-f]{6}$/i);

  const wanted = [
    { sizes: '192x192', purpose: 'any' },
    { sizes: '512x512', purpose: 'any' },
    { sizes: '512x512', purpose: 'maskable' },
  ];
  for (const { sizes, purpose } of wanted) {
    const icon = manifest.icons.find((entry) => entry.sizes === sizes && (entry.purpose ?? 'any') === purpose);
    expect(icon, `a ${sizes} ${purpose} icon`).toBeDefined();
    expect(icon!.type).toBe('image/png');
    const bytes = await (await request.get(new URL(icon!.src, `${demoSite.url}manifest.webmanifest`).href)).body();
    const side = Number(sizes.split('x')[0]);
    expect(pngSize(bytes)).toEqual({ width: side, height: side });
  }
});

test('the service worker precaches the app shell, the engine worker and the WASM runtime, never model files', async ({ request, demoSite }) => {
  const sw = await (await request.get(`${demoSite.url}sw.js`)).text();
  const precached = [...sw.matchAll(/url:"([^"]+)"/g)].map((match) => match[1]!);
  expect(precached).toContain('index.html');
  expect(precached).toContain('manifest.webmanifest');
  // Both onnxruntime-web builds: the WebGPU one, and the CPU-only one that WASM runs on where WebGPU is not usable.
  expect(precached.filter((url) => /^assets\/ort-wasm-simd-threaded\.asyncify-[\w-]+\.(wasm|mjs)$/.test(url))).toHaveLength(2);
  expect(precached.filter((url) => /^assets\/ort-wasm-simd-threaded-[\w-]+\.(wasm|mjs)$/.test(url))).toHaveLength(2);
  expect(precached.some((url) => /^assets\/entry-[\w-]+\.js$/.test(url))).toBe(true);
  expect(precached.filter((url) => /onnx|tokenizer|config\.json/.test(url))).toEqual([]);
  // Any in-scope navigation (?model=… included) opens the app shell offline.
  expect(sw).toContain('createHandlerBoundToURL("index.html")');
});
