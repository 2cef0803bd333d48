/** Shared clients: one per model settings, loaded once, disposed after the last holder. */
import { describe, expect, it, vi } from 'vitest';
import type { Qwen3Client } from '../../src/client/create-client.js';
import { clientKey, createClientRegistry } from '../../src/chat/client-registry.js';
import { Qwen3Error } from '../../src/errors.js';
import type { LoadedModel, LoadOptions, LoadProgress } from '../../src/types.js';

const LOADED = { model: 'm/x', host: 'h', revision: 'main', commit: 'main', device: 'wasm', dtype: 'fp32', contextWindow: 1, contextLength: 1, graphRewrites: [], loadMs: 1 } satisfies LoadedModel;
const progress = (fraction: number): LoadProgress => ({ phase: 'download', loaded: fraction * 100, total: 100, fraction, bytesPerSecond: 10, files: [] });

function fakeClient() {
  let finish: ((value: LoadedModel) => void) | undefined;
  let fail: ((error: unknown) => void) | undefined;
  const loads: LoadOptions[] = [];
  const state = { loaded: undefined as LoadedModel | undefined };
  const client = {
    get loaded() {
      return state.loaded;
    },
    load: vi.fn((options: LoadOptions = {}) => {
      loads.push(options);
      return new Promise<LoadedModel>((resolve, reject) => {
        finish = (model) => {
          state.loaded = model;
          resolve(model);
        };
        fail = reject;
      });
    }),
    chat: vi.fn(),
    inspectLogits: vi.fn(),
    unload: vi.fn(),
    dispose: vi.fn(),
  } as unknown as Qwen3Client & { load: ReturnType<typeof vi.fn>; dispose: ReturnType<typeof vi.fn> };
  return {
    client,
    loads,
    finish: (v = LOADED) => finish?.(v),
    fail: (e: unknown) => fail?.(e),
    /** The client loses its model, as after a failed GPU recovery. */
    lose: () => void (state.loaded = undefined),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('client registry', () => {
  it('gives holders of the same settings one client, and other settings another', () => {
    const create = vi.fn(() => fakeClient().client);
    const registry = createClientRegistry(create);
    const a = registry.acquire({ model: 'o/a', host: 'http://h', device: 'wasm' });
    const b = registry.acquire({ model: 'o/a', host: 'http://h/', device: 'wasm' });
    const c = registry.acquire({ model: 'o/a', host: 'http://h', device: 'webgpu' });
    expect(a.client).toBe(b.client);
    expect(c.client).not.toBe(a.client);
    expect(create).toHaveBeenCalledTimes(2);
    expect(registry.size).toBe(2);
  });

  it('fills in the defaults, so naming them or not is the same client', () => {
    expect(clientKey({})).toBe(clientKey({ model: 'onnx-community/Qwen3-0.6B-ONNX', host: 'https://huggingface.co', device: 'auto', dtype: 'auto', revision: 'main' }));
  });

  it('loads again once the client has lost its model (a failed GPU recovery), not before', async () => {
    const fake = fakeClient();
    const registry = createClientRegistry(() => fake.client);
    const lease = registry.acquire({ model: 'o/a' });
    const first = lease.load();
    fake.finish();
    await expect(first).resolves.toBe(LOADED);
    await expect(lease.load()).resolves.toBe(LOADED);
    expect(fake.client.load).toHaveBeenCalledTimes(1);

    fake.lose();
    const again = lease.load();
    expect(fake.client.load).toHaveBeenCalledTimes(2);
    fake.finish();
    await expect(again).resolves.toBe(LOADED);
  });

  it('loads once for every holder; a holder joining late gets the latest progress at once', async () => {
    const fake = fakeClient();
    const registry = createClientRegistry(() => fake.client);
    const first = registry.acquire({ model: 'o/a' });
    const second = registry.acquire({ model: 'o/a' });
    const seenFirst: number[] = [];
    const seenSecond: number[] = [];
    const loadingFirst = first.load((p) => seenFirst.push(p.fraction));
    fake.loads[0]!.onProgress?.(progress(0.25));
    const loadingSecond = second.load((p) => seenSecond.push(p.fraction));
    fake.loads[0]!.onProgress?.(progress(0.5));
    fake.finish();
    await expect(loadingFirst).resolves.toBe(LOADED);
    await expect(loadingSecond).resolves.toBe(LOADED);
    expect(fake.client.load).toHaveBeenCalledTimes(1);
    expect(fake.loads[0]).toMatchObject({ model: 'o/a', host: 'https://huggingface.co' });
    expect(seenFirst).toEqual([0.25, 0.5]);
    expect(seenSecond).toEqual([0.25, 0.5]);
    await expect(first.load()).resolves.toBe(LOADED);
    expect(fake.client.load).toHaveBeenCalledTimes(1);
  });

  it('tries again after a failed load', async () => {
    const fake = fakeClient();
    const lease = createClientRegistry(() => fake.client).acquire({});
    const failing = lease.load();
    fake.fail(new Qwen3Error('NETWORK', 'offline'));
    await expect(failing).rejects.toMatchObject({ code: 'NETWORK' });
    const again = lease.load();
    fake.finish();
    await expect(again).resolves.toBe(LOADED);
    expect(fake.client.load).toHaveBeenCalledTimes(2);
  });

  it('disposes the client after the last release, not before; a quick re-acquire keeps it', async () => {
    const fake = fakeClient();
    const registry = createClientRegistry(() => fake.client);
    const a = registry.acquire({});
    const b = registry.acquire({});
    a.release();
    a.release();
    await tick();
    expect(fake.client.dispose).not.toHaveBeenCalled();
    b.release();
    // React StrictMode: unmount and mount again within one task.
    const c = registry.acquire({});
    await tick();
    expect(fake.client.dispose).not.toHaveBeenCalled();
    expect(c.client).toBe(fake.client);
    c.release();
    await tick();
    expect(fake.client.dispose).toHaveBeenCalledTimes(1);
    expect(registry.size).toBe(0);
    await expect(c.load()).rejects.toMatchObject({ code: 'DISPOSED' });
  });
});
