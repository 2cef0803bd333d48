/**
 * The SDK's reading of the hub's API (`fetchHubRevision`), against the test
 * hub in Node: the commit and each file's size and hash; typed errors for a
 * model or revision the hub does not have; a host without the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubServer, type HubServer } from '../../scripts/hub-server/index.js';
import { createModelFetch } from '../../src/engine/model-fetch.js';
import { fetchHubRevision } from '../../src/store/hub-revision.js';
import { gitBlobSha1, serveTempRepo, sha256 } from './support/temp-hub.js';

const REPO = 'acme/tiny';
const CONFIG = Buffer.from(JSON.stringify({ model_type: 'qwen3' }));
const MODEL = Buffer.from(Array.from({ length: 2 * 1024 * 1024 + 5 }, (_, i) => (i * 7) % 253));

const served = serveTempRepo(REPO, { 'config.json': CONFIG, 'onnx/model.onnx': MODEL });
const network = createModelFetch(new AbortController().signal);
let mirror: HubServer;
beforeAll(async () => {
  mirror = await createHubServer({ root: served.root, api: false });
});
afterAll(() => mirror.close());

describe('fetchHubRevision', () => {
  it('gives the commit of a branch and every file with its size and hash', async () => {
    const answer = await fetchHubRevision(network, served.hub.url, REPO, 'main');
    expect(answer.kind).toBe('revision');
    if (answer.kind !== 'revision') return;
    expect(answer.revision.commit).toBe(await served.hub.commitOf(REPO));
    expect(answer.revision.files.get('config.json')).toEqual({ size: CONFIG.length, sha256: undefined, gitOid: gitBlobSha1(CONFIG) });
    expect(answer.revision.files.get('onnx/model.onnx')).toEqual({ size: MODEL.length, sha256: sha256(MODEL), gitOid: undefined });
  });

  it('follows main to a newly published commit, and still answers for the old one', async () => {
    const old = await served.hub.commitOf(REPO);
    const changed = new Uint8Array(MODEL);
    changed[1000] = changed[1000]! ^ 0xff;
    const published = await served.hub.publishCommit(REPO, { files: { 'onnx/model.onnx': changed } });
    const now = await fetchHubRevision(network, served.hub.url, REPO, 'main');
    expect(now.kind === 'revision' && now.revision.commit).toBe(published);
    expect(now.kind === 'revision' && now.revision.files.get('onnx/model.onnx')?.sha256).toBe(sha256(changed));
    const before = await fetchHubRevision(network, served.hub.url, REPO, old);
    expect(before.kind === 'revision' && before.revision.files.get('onnx/model.onnx')?.sha256).toBe(sha256(MODEL));
  });

  it('says MODEL_NOT_FOUND for a model or a revision the hub does not have', async () => {
    await expect(fetchHubRevision(network, served.hub.url, 'acme/missing', 'main')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    await expect(fetchHubRevision(network, served.hub.url, REPO, 'no-such-branch')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  it('reports a host without the API, so the load falls back to the files themselves', async () => {
    expect(await fetchHubRevision(network, mirror.url, REPO, 'main')).toEqual({ kind: 'no-api', status: 404 });
  });

  it('is NETWORK when the hub fails or cannot be reached', async () => {
    served.hub.addFault({ match: '/api/', kind: 'status', status: 503, times: 1 });
    await expect(fetchHubRevision(network, served.hub.url, REPO, 'main')).rejects.toMatchObject({ code: 'NETWORK' });
    await expect(fetchHubRevision(network, 'http://127.0.0.1:9', REPO, 'main')).rejects.toMatchObject({ code: 'NETWORK' });
  });
});
