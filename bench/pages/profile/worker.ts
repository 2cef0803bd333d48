/**
 * Measures pieces of the SDK in isolation, in a worker like the SDK's own:
 * reading its stored model back from IndexedDB (with and without the
 * per-chunk digests), and its per-step machinery (the macrotask hop before
 * each forward pass, a sampling step over the full vocabulary).
 */
import { expose } from 'comlink';
import { get } from 'idb-keyval';
import type { SdkOverheads, WarmLoadProfile } from '../../shared/figures.js';
import { chunkDigest, createFileHasher } from '../../../src/store/digest.js';
import { readFileRecord } from '../../../src/store/file-store.js';
import { defaultModelStore } from '../../../src/store/model-store.js';
import { chunkKey } from '../../../src/store/records.js';
import { readRef } from '../../../src/store/refs.js';
import { nextMacrotask } from '../../../src/engine/yield-between-steps.js';
import { sampleToken } from '../../../src/core/sampling/sample-token.js';
import { fakeLogits, timeOnFreshRows } from './logits-step.js';

/** Qwen3's vocabulary size: every step's logits have this many entries. */
const VOCAB = 151_936;

/** Store figures of {@link WarmLoadProfile}. */
export type StoreProfile = Pick<WarmLoadProfile, 'idbReadMs' | 'chunkDigestMs' | 'chunks' | 'storedBytes' | 'wholeFileShaMs' | 'runtimeCacheReadMs'>;

/** Reads every entry of the SDK's runtime cache (src/store/runtime-cache.ts: ORT's .wasm and .mjs) into memory. */
async function timeRuntimeCacheRead(): Promise<number> {
  const names = (await caches.keys()).filter((name) => name.startsWith('qwen3-web-runtime-'));
  const started = performance.now();
  for (const name of names) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) await (await cache.match(request))?.arrayBuffer();
  }
  return names.length > 0 ? performance.now() - started : Number.NaN;
}

/** The per-step figures of {@link SdkOverheads} that need no tokenizer. */
export type StepOverheads = Pick<SdkOverheads, 'macrotaskHopUs' | 'samplingStepMs' | 'argmaxStepMs'>;

function argmax(data: Float32Array): number {
  let best = 0;
  for (let i = 1; i < data.length; i++) if (data[i]! > data[best]!) best = i;
  return best;
}

const api = {
  ping: () => true,
  /** Reads every chunk of `files` from the SDK's store, timing reads and digests apart. */
  async storeProfile(model: string, revision: string, files: string[]): Promise<StoreProfile> {
    const store = defaultModelStore();
    // Files are stored per commit; the branch's ref names it.
    const commit = (await readRef(store, model, revision)) ?? revision;
    const profile: StoreProfile = { idbReadMs: 0, chunkDigestMs: 0, chunks: 0, storedBytes: 0, wholeFileShaMs: 0, runtimeCacheReadMs: await timeRuntimeCacheRead() };
    for (const file of files) {
      const record = await readFileRecord(store, { model, revision: commit, file });
      if (!record?.complete) throw new Error(`${file} is not stored`);
      const hasher = await createFileHasher('sha256', record.size);
      for (let index = 0; index < record.chunkSizes.length; index++) {
        let started = performance.now();
        const bytes = await get<Uint8Array>(chunkKey(record, index), store.chunks);
        profile.idbReadMs += performance.now() - started;
        if (!bytes) throw new Error(`${file} chunk ${index} missing`);
        started = performance.now();
        await chunkDigest(bytes);
        profile.chunkDigestMs += performance.now() - started;
        started = performance.now();
        hasher.update(bytes);
        profile.wholeFileShaMs += performance.now() - started;
        profile.chunks++;
        profile.storedBytes += bytes.byteLength;
      }
      const started = performance.now();
      hasher.hex();
      profile.wholeFileShaMs += performance.now() - started;
    }
    return profile;
  },
  /** The SDK's per-step costs, each averaged over many runs. */
  async stepOverheads(): Promise<StepOverheads> {
    const hops = 2000;
    let started = performance.now();
    for (let i = 0; i < hops; i++) await nextMacrotask();
    const macrotaskHopUs = ((performance.now() - started) * 1000) / hops;
    const logits = fakeLogits(VOCAB);
    const settings = { temperature: 0.7, topK: 20, topP: 0.8, minP: 0 };
    const steps = 40;
    let seed = 1;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const samplingStepMs = timeOnFreshRows(logits, steps, (row) => {
      const id = sampleToken(row, settings, random);
      // As SamplingProcessor's keepOnly: the chosen id is the only finite logit.
      row.fill(-Infinity);
      row[id] = 0;
    });
    started = performance.now();
    for (let i = 0; i < steps; i++) argmax(logits);
    const argmaxStepMs = (performance.now() - started) / steps;
    return { macrotaskHopUs, samplingStepMs, argmaxStepMs };
  },
};

/** The worker's API. */
export type ProfileWorkerApi = typeof api;

expose(api);
