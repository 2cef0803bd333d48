/** detectCapabilities() in real Chromium (no WebGPU flags), in the page and in a worker. */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

async function openCapabilitiesPage(page: Page): Promise<void> {
  await page.goto('/test/browser/harness/capabilities.html');
  await expect(page.locator('#status')).toHaveText('ready');
}

test('detectCapabilities() in the page returns sane values', async ({ page }) => {
  await openCapabilitiesPage(page);
  const { caps, raw } = await page.evaluate(async () => ({
    caps: await window.capabilitiesHarness.detect(),
    raw: window.capabilitiesHarness.raw(),
  }));
  // The dev server sends COOP + COEP.
  expect(raw.crossOriginIsolated).toBe(true);
  expect(caps.crossOriginIsolated).toBe(true);
  expect(caps.hardwareConcurrency).toBe(raw.hardwareConcurrency);
  expect(caps.hardwareConcurrency).toBeGreaterThan(0);
  expect(caps.wasmThreads).toBe(Math.min(4, Math.ceil(raw.hardwareConcurrency / 2)));
  expect(caps.deviceMemoryGiB).toBe(raw.deviceMemory);
  expect(caps.storage).toBeDefined();
  expect(caps.storage!.quotaBytes).toBeGreaterThan(0);
  expect(caps.storage!.usageBytes).toBeGreaterThanOrEqual(0);
  expect(caps.storage!.usageBytes).toBeLessThanOrEqual(caps.storage!.quotaBytes);
  // WebGPU: absent, or present consistently with navigator.gpu.
  expect(caps.webgpuApi).toBe(raw.hasGpu);
  if (!caps.webgpuApi) expect(caps.webgpu).toBeNull();
  if (caps.webgpu) {
    expect(caps.webgpu.maxBufferSize).toBeGreaterThan(0);
    expect(caps.webgpu.maxStorageBufferBindingSize).toBeGreaterThan(0);
    expect(caps.webgpu.shaderF16).toBe(caps.webgpu.features.includes('shader-f16'));
  }
  test.info().annotations.push({ type: 'capabilities', description: JSON.stringify(caps) });
});

test('detectCapabilities() in a worker sees the same browser', async ({ page }) => {
  await openCapabilitiesPage(page);
  const { inPage, inWorker } = await page.evaluate(async () => ({
    inPage: await window.capabilitiesHarness.detect(),
    inWorker: await window.capabilitiesHarness.detectInWorker(),
  }));
  expect(inWorker.crossOriginIsolated).toBe(true);
  expect(inWorker.hardwareConcurrency).toBe(inPage.hardwareConcurrency);
  expect(inWorker.wasmThreads).toBe(inPage.wasmThreads);
  expect(inWorker.deviceMemoryGiB).toBe(inPage.deviceMemoryGiB);
  expect(inWorker.storage?.quotaBytes).toBe(inPage.storage?.quotaBytes);
  expect(inWorker.webgpuApi).toBe(inPage.webgpuApi);
  expect(inWorker.webgpu === null).toBe(inPage.webgpu === null);
});

test('the decisions over the real capabilities: a device, the test model in fp32, a real model recommended', async ({ page }) => {
  await openCapabilitiesPage(page);
  const result = await page.evaluate(async () => {
    const h = window.capabilitiesHarness;
    const caps = await h.detect();
    const device = h.chooseDevice('auto', caps);
    const explicitWebGpu = h.chooseDevice('webgpu', caps);
    const resolved = 'value' in device ? device.value : 'wasm';
    return {
      caps,
      device,
      explicitWebGpu,
      tinyDtype: h.chooseDtype('auto', resolved, caps, 'qwen3-web/Qwen3-Tiny-ONNX'),
      recommended: h.recommend(caps),
    };
  });
  expect(result.device).toHaveProperty('value');
  if (result.caps.webgpu === null) {
    expect(result.device).toEqual({ value: 'wasm' });
    expect(result.explicitWebGpu).toMatchObject({ code: 'WEBGPU_UNAVAILABLE' });
    expect('message' in result.explicitWebGpu && result.explicitWebGpu.message).toContain('device: "wasm"');
  }
  expect(result.tinyDtype).toEqual({ value: 'fp32' });
  expect(result.recommended).toHaveProperty('value');
  if ('value' in result.recommended) expect(result.recommended.value.testModel).toBe(false);
});
