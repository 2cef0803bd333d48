/**
 * Downloads from a hub that answers like huggingface.co: large files behind a
 * 302 to a CDN on another origin whose ETag is not the SHA-256, hashes and
 * commits from the hub's API, and a branch that moves to a new commit.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { createHubServer } from '../../scripts/hub-server/index.js';
import { expect, test, TINY_MODEL } from './fixtures.js';
import { storeIsConsistent } from './store-internals.js';

const MODEL_DIR = `models/${TINY_MODEL}`;
const FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];
const sizeOf = (file: string) => statSync(`${MODEL_DIR}/${file}`).size;
const MODEL_BYTES = FILES.reduce((sum, file) => sum + sizeOf(file), 0);
const PROMPT = 'The quick brown fox';

type Hub = { url: string; reset(): void };
const load = (page: Page, host: string) =>
  page.evaluate(({ host, model }) => window.harness.load({ model, host, device: 'wasm' }), { host, model: TINY_MODEL });
const logits = (page: Page) => page.evaluate((prompt) => window.harness.logits(prompt), PROMPT);
const cdnGets = (hub: { requests(): Array<{ origin?: string; file?: string; revision?: string; method: string; range?: string; status: number }> }, file: string) =>
  hub.requests().filter((r) => r.origin === 'cdn' && r.method === 'GET' && r.file === file && r.range !== 'bytes=0-0');

/** A new client in a fresh page of the same origin (a returning visitor). */
async function freshClient(page: Page, hub: Hub): Promise<void> {
  hub.reset();
  await page.reload();
  await expect(page.locator('#status')).toHaveText('ready');
}

/** Logits of a clean load of the hub's current commit, in a context with an empty store. */
async function referenceLogits(browser: Browser, baseURL: string, host: string): Promise<number[]> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/test/browser/harness/index.html');
  await expect(page.locator('#status')).toHaveText('ready');
  expect((await load(page, host)).error).toBeUndefined();
  const result = await logits(page);
  await context.close();
  return result;
}

/** The tiny model's graph with a few weights nudged (low bits only: still finite), as a new upload would change it. */
function retrainedGraph(): Uint8Array {
  const bytes = new Uint8Array(readFileSync(`${MODEL_DIR}/onnx/model.onnx`));
  const middle = Math.floor(bytes.length / 2);
  for (let i = 0; i < 256; i++) bytes[middle + i * 4093]! ^= 0x01;
  return bytes;
}

// The CDN's ETag is Xet's hash here (64 hex, not the SHA-256): taken for a SHA-256 it failed every large file.
// (A CDN that sends MD5 ETags is the corruption test's: trusting those would let a bad byte through.)
test("large files come through the CDN redirect and are checked against the API's hashes", async ({ harnessPage: page, hub }) => {
  const result = await load(page, hub.url);
  expect(result.error).toBeUndefined();
  const commit = await hub.commitOf(TINY_MODEL);
  expect(result.loaded).toMatchObject({ revision: 'main', commit });
  // The graph came through a 302 on the hub and a 200 from the CDN; small files directly.
  const graph = hub.requests().filter((r) => r.file === 'onnx/model.onnx' && r.method === 'GET');
  expect(graph.map((r) => [r.origin, r.status])).toEqual([
    ['hub', 302],
    ['cdn', 200],
  ]);
  expect(hub.requests().filter((r) => r.file === 'config.json').map((r) => [r.origin, r.status])).toEqual([['hub', 200]]);
  const [cached] = await page.evaluate(() => window.harness.cache.list());
  expect(cached).toMatchObject({ revision: 'main', commit, refs: ['main'], complete: true });
  expect(cached!.checkedBy).toEqual({
    'config.json': 'git-sha1',
    'generation_config.json': 'git-sha1',
    'tokenizer.json': 'sha256',
    'tokenizer_config.json': 'git-sha1',
    'onnx/model.onnx': 'sha256',
  });
});

test('a byte corrupted by a CDN that sends MD5 ETags is caught before the model runs, discarded and fetched again once', async ({
  harnessPage: page,
  hub,
  browser,
  baseURL,
}) => {
  const reference = await referenceLogits(browser, baseURL!, hub.url);
  hub.reset();
  hub.setCdnEtag('md5');
  const atByte = Math.floor(sizeOf('onnx/model.onnx') / 3);
  hub.addFault({ match: /onnx\/model\.onnx$/, kind: 'corrupt', atByte, times: 1 });
  const repaired = await load(page, hub.url);
  expect(repaired.error).toBeUndefined();
  expect(cdnGets(hub, 'onnx/model.onnx').map((r) => r.status)).toEqual([200, 200]);
  expect(await logits(page)).toEqual(reference);

  // Corrupted twice in a row: INTEGRITY, nothing bad kept, and the next load works.
  await page.evaluate(() => window.harness.cache.clear());
  await freshClient(page, hub);
  hub.addFault({ match: /onnx\/model\.onnx$/, kind: 'corrupt', atByte, times: 2 });
  const failed = await load(page, hub.url);
  expect(failed.error).toMatchObject({ code: 'INTEGRITY', isQwen3Error: true });
  expect(failed.error?.message).toMatch(/SHA-256/);
  expect(cdnGets(hub, 'onnx/model.onnx')).toHaveLength(2);
  const state = await storeIsConsistent(page);
  expect(state.consistent).toBe(true);
  expect(state.files['onnx/model.onnx'] ?? 0).toBe(0);
  hub.clearFaults();
  expect((await load(page, hub.url)).error).toBeUndefined();
  expect(await logits(page)).toEqual(reference);
});

test('a host without the hub API: files are checked by size alone, and the store says so', async ({ harnessPage: page }) => {
  const mirror = await createHubServer({ root: 'models', api: false });
  try {
    const result = await load(page, mirror.url);
    expect(result.error).toBeUndefined();
    expect(result.loaded).toMatchObject({ revision: 'main', commit: 'main' });
    const [cached] = await page.evaluate(() => window.harness.cache.list());
    expect(Object.values(cached!.checkedBy)).toEqual(FILES.map(() => 'size'));
    expect(Object.keys(cached!.checkedBy).sort()).toEqual([...FILES].sort());
  } finally {
    await mirror.close();
  }
});

/** Tests that publish a commit get a hub of their own, so `main` does not move for the tests after them. */
const commitTest = test.extend<{ ownHub: Awaited<ReturnType<typeof createHubServer>> }>({
  ownHub: async ({}, use) => {
    const hub = await createHubServer({ root: 'models' });
    await use(hub);
    await hub.close();
  },
});

commitTest('a new commit on main downloads beside the old one, switches once complete, frees the old one, and shares unchanged files', async ({
  harnessPage: page,
  ownHub: hub,
  browser,
  baseURL,
}) => {
  const first = await load(page, hub.url);
  expect(first.error).toBeUndefined();
  const before = await logits(page);
  const oldCommit = await hub.commitOf(TINY_MODEL);

  const newCommit = await hub.publishCommit(TINY_MODEL, { files: { 'onnx/model.onnx': retrainedGraph() } });
  expect(newCommit).not.toBe(oldCommit);
  const reference = await referenceLogits(browser, baseURL!, hub.url);
  expect(reference).not.toEqual(before);

  await freshClient(page, hub);
  const updated = await load(page, hub.url);
  expect(updated.error).toBeUndefined();
  expect(updated.loaded).toMatchObject({ revision: 'main', commit: newCommit });
  // Only the changed graph was downloaded, from the new commit; the rest is shared with the old one.
  expect(cdnGets(hub, 'onnx/model.onnx').map((r) => [r.revision, r.status])).toEqual([[newCommit, 200]]);
  expect(hub.requests().filter((r) => r.method === 'GET' && r.origin !== 'api' && r.file !== 'onnx/model.onnx')).toEqual([]);
  expect(await logits(page)).toEqual(reference);

  // The old commit is gone; one copy of each file's bytes is kept.
  const state = await storeIsConsistent(page);
  expect(state.consistent).toBe(true);
  expect(new Set(state.records.map((r) => r.revision))).toEqual(new Set([newCommit]));
  expect(state.chunkBytes).toBe(MODEL_BYTES);
  const listed = await page.evaluate(() => window.harness.cache.list());
  expect(listed.map((m) => [m.commit, m.refs])).toEqual([[newCommit, ['main']]]);
});

commitTest('a new commit cut mid-download never mixes with the old one: the old loads offline, the new resumes online', async ({
  harnessPage: page,
  ownHub: hub,
  browser,
  baseURL,
  context,
}) => {
  expect((await load(page, hub.url)).error).toBeUndefined();
  const oldLogits = await logits(page);
  const oldCommit = await hub.commitOf(TINY_MODEL);
  const newCommit = await hub.publishCommit(TINY_MODEL, {
    files: { 'onnx/model.onnx': retrainedGraph(), 'config.json': new TextEncoder().encode(readFileSync(`${MODEL_DIR}/config.json`, 'utf8').replace('{', '{\n  "_note": "v2",')) },
  });
  const newLogits = await referenceLogits(browser, baseURL!, hub.url);

  await freshClient(page, hub);
  const half = Math.floor(sizeOf('onnx/model.onnx') / 2);
  hub.addFault({ match: /onnx\/model\.onnx$/, kind: 'cut', afterBytes: half, times: 1 });
  const cut = await load(page, hub.url);
  expect(cut.error).toMatchObject({ code: 'NETWORK' });
  const partial = await storeIsConsistent(page);
  expect(partial.consistent).toBe(true);
  expect(partial.records.filter((r) => r.revision === newCommit && r.file === 'onnx/model.onnx').map((r) => r.complete)).toEqual([false]);
  expect(partial.records.filter((r) => r.revision === oldCommit).every((r) => r.complete)).toBe(true);

  // Offline, main is still the old commit, whole: zero requests, the old logits.
  await freshClient(page, hub);
  // The worker's script comes from the dev server, which has no offline copy: start it first.
  await page.evaluate(() => window.harness.client().unload());
  await context.setOffline(true);
  try {
    const offline = await load(page, hub.url);
    expect(offline.error).toBeUndefined();
    expect(offline.loaded).toMatchObject({ commit: oldCommit });
    expect(await logits(page)).toEqual(oldLogits);
    expect(hub.requests()).toEqual([]);
  } finally {
    await context.setOffline(false);
  }

  // Online again: the new commit resumes where the cut left it, then replaces the old one.
  await freshClient(page, hub);
  const resumed = await load(page, hub.url);
  expect(resumed.error).toBeUndefined();
  expect(resumed.loaded).toMatchObject({ commit: newCommit });
  const ranges = cdnGets(hub, 'onnx/model.onnx').map((r) => r.range);
  expect(ranges).toHaveLength(1);
  expect(Number(/^bytes=(\d+)-$/.exec(ranges[0] ?? '')?.[1])).toBeGreaterThan(0);
  expect(await logits(page)).toEqual(newLogits);
  const state = await storeIsConsistent(page);
  expect(new Set(state.records.map((r) => r.revision))).toEqual(new Set([newCommit]));
});
