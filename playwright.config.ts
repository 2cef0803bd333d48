/**
 * Browser tests: real Chromium (Debian's, or CHROMIUM_PATH), the real worker,
 * the real model-loading code, the tiny Qwen3 served by the hub-layout server.
 */
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.QWEN3_TEST_PORT ?? 5199);
/** Where screenshots, traces and the report go (separate runs can use separate folders). */
const OUTPUT = process.env.QWEN3_TEST_OUTPUT ?? 'test-results';

/** Flags that keep Chromium from calling home in a sandbox with no internet. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/browser/global-setup.ts',
  outputDir: `${OUTPUT}/artifacts`,
  // Two cores: one test at a time keeps timings and the model's CPU share sane.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: `${OUTPUT}/report` }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'wasm', testIgnore: '**/*.webgpu.spec.ts' },
    {
      name: 'webgpu',
      testMatch: '**/*.webgpu.spec.ts',
      use: {
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [...chromiumArgs, '--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan'],
        },
      },
    },
  ],
  webServer: {
    command: `QWEN3_TEST_SERVER=1 npx vite --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}/test/browser/harness/index.html`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'ignore',
  },
});
