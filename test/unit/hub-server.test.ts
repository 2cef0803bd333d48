import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectHubControl, createHubServer, type HubServer } from '../../scripts/hub-server/index.js';
import { HashCache } from '../../scripts/hub-server/hashes.js';

const REPO = 'acme/tiny';
const CONFIG = Buffer.from(JSON.stringify({ model_type: 'qwen3', hidden_size: 64 }));
const TOKENIZER_CONFIG = Buffer.from('{"eos_token":"<|im_end|>"}');
const MODEL = Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 17 }, (_, i) => (i * 31 + (i >> 10)) % 251));

let root: string;
let hub: HubServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hub-server-'));
  await mkdir(join(root, REPO, 'onnx'), { recursive: true });
  await writeFile(join(root, REPO, 'config.json'), CONFIG);
  await writeFile(join(root, REPO, 'tokenizer_config.json'), TOKENIZER_CONFIG);
  await writeFile(join(root, REPO, 'empty.txt'), '');
  await writeFile(join(root, REPO, 'onnx', 'model.onnx'), MODEL);
  await writeFile(join(root, 'secret.txt'), 'do not serve');
  hub = await createHubServer({ root, mode: 'direct' });
});

afterEach(() => {
  hub.clearFaults();
  hub.reset();
});

afterAll(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

const url = (file: string, revision = 'main'): string => hub.fileUrl(REPO, file, revision);
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const gitBlobSha1 = (data: Buffer): string =>
  createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
const bytes = async (res: Response): Promise<Buffer> => Buffer.from(await res.arrayBuffer());

/** Reads a body until it ends or fails; reports what arrived. */
async function drain(res: Response): Promise<{ received: number; error?: unknown }> {
  const reader = res.body!.getReader();
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { received };
      received += value.length;
    }
  } catch (error) {
    return { received, error };
  }
}

/** A request with its path sent verbatim (fetch would normalise `..` away). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: hub.host, port: hub.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serving files', () => {
  it('serves a small file with a git-blob ETag, CORS and CORP headers', async () => {
    const res = await fetch(url('config.json'));
    expect(res.status).toBe(200);
    expect(await bytes(res)).toEqual(CONFIG);
    expect(res.headers.get('content-length')).toBe(String(CONFIG.length));
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('etag')).toBe(`"${gitBlobSha1(CONFIG)}"`);
    expect(res.headers.get('x-linked-etag')).toBeNull();
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const exposed = res.headers.get('access-control-expose-headers')!.toLowerCase();
    for (const header of ['content-length', 'content-range', 'etag', 'x-linked-etag', 'x-linked-size', 'accept-ranges', 'x-error-code']) {
      expect(exposed).toContain(header);
    }
  });

  it('serves an LFS file with its SHA-256 as ETag and X-Linked-Etag, and X-Linked-Size', async () => {
    const res = await fetch(url('onnx/model.onnx'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(MODEL.length));
    expect(res.headers.get('etag')).toBe(`"${sha256(MODEL)}"`);
    expect(res.headers.get('x-linked-etag')).toBe(`"${sha256(MODEL)}"`);
    expect(res.headers.get('x-linked-size')).toBe(String(MODEL.length));
    expect((await bytes(res)).equals(MODEL)).toBe(true);
  });

  it('maps any revision to the same folder', async () => {
    for (const revision of ['main', '0123abcd', 'refs/pr/1']) {
      const res = await fetch(url('config.json', revision));
      expect(res.status).toBe(200);
      expect(await bytes(res)).toEqual(CONFIG);
    }
    expect(hub.requests().map((r) => r.revision)).toEqual(['main', '0123abcd', 'refs/pr/1']);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await fetch(url('onnx/model.onnx'), { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(MODEL.length));
    expect(res.headers.get('x-linked-size')).toBe(String(MODEL.length));
    expect(await res.text()).toBe('');
    expect(hub.requests()[0]).toMatchObject({ method: 'HEAD', status: 200, bytesSent: 0, outcome: 'complete' });
  });

  it('answers a preflight', async () => {
    const res = await fetch(url('onnx/model.onnx'), {
      method: 'OPTIONS',
      headers: { 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range, x-custom' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toMatch(/GET.*HEAD/);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Range/);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/If-None-Match/);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/x-custom/);
  });

  it('computes a hash once per file version', async () => {
    const cache = new HashCache();
    const path = join(root, REPO, 'tokenizer_config.json');
    const first = cache.identity(path, 'tokenizer_config.json', TOKENIZER_CONFIG.length, 1);
    expect(cache.identity(path, 'tokenizer_config.json', TOKENIZER_CONFIG.length, 1)).toBe(first);
    expect(cache.identity(path, 'tokenizer_config.json', TOKENIZER_CONFIG.length, 2)).not.toBe(first);
    expect((await first).etag).toBe(`"${gitBlobSha1(TOKENIZER_CONFIG)}"`);
  });

  it('sees a changed file as a new ETag', async () => {
    const path = join(root, REPO, 'tokenizer_config.json');
    const before = (await fetch(url('tokenizer_config.json'))).headers.get('etag');
    const changed = Buffer.from('{"eos_token":"<|endoftext|>"}');
    await writeFile(path, changed);
    await utimes(path, new Date(), new Date(Date.now() + 5000));
    const res = await fetch(url('tokenizer_config.json'));
    expect(res.headers.get('etag')).not.toBe(before);
    expect(res.headers.get('etag')).toBe(`"${gitBlobSha1(changed)}"`);
    await writeFile(path, TOKENIZER_CONFIG);
  });
});

describe('direct mode', () => {
  it('answers every file itself, names the commit, and has no second origin', async () => {
    expect(hub.mode).toBe('direct');
    expect(hub.cdnUrl).toBe(hub.url);
    const res = await fetch(url('onnx/model.onnx'), { redirect: 'manual' });
    expect(res.status).toBe(200);
    const commit = res.headers.get('x-repo-commit');
    expect(commit).toBe(await hub.commitOf(REPO));
    expect((await bytes(res)).equals(MODEL)).toBe(true);
    expect(hub.requests()[0]).toMatchObject({ origin: 'hub', status: 200, bytesSent: MODEL.length });
    expect(hub.bytesServed('model.onnx')).toBe(MODEL.length);
    expect((await fetch(url('config.json', commit!))).headers.get('x-repo-commit')).toBe(commit);
  });
});

describe('ranges', () => {
  const size = MODEL.length;
  const cases: [string, number, number][] = [
    ['bytes=0-0', 0, 0],
    ['bytes=100-199', 100, 199],
    [`bytes=${size - 10}-`, size - 10, size - 1],
    ['bytes=-10', size - 10, size - 1],
    [`bytes=-${size + 5}`, 0, size - 1],
    [`bytes=1000-${size * 2}`, 1000, size - 1],
  ];
  it.each(cases)('%s → 206 with bytes %i-%i', async (range, start, end) => {
    const res = await fetch(url('onnx/model.onnx'), { headers: { Range: range } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
    expect(res.headers.get('content-length')).toBe(String(end - start + 1));
    expect((await bytes(res)).equals(MODEL.subarray(start, end + 1))).toBe(true);
  });

  it.each([`bytes=${size}-`, `bytes=${size}-${size + 10}`, 'bytes=-0'])('%s → 416', async (range) => {
    const res = await fetch(url('onnx/model.onnx'), { headers: { Range: range } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${size}`);
  });

  it('answers the size probe on an empty file with 416, as transformers.js expects', async () => {
    const res = await fetch(url('empty.txt'), { headers: { Range: 'bytes=0-0' } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe('bytes */0');
  });

  it('ignores a malformed or multi-part range and sends the whole file', async () => {
    for (const range of ['bytes=5-2', 'items=0-1', 'bytes=0-1,4-5']) {
      const res = await fetch(url('config.json'), { headers: { Range: range } });
      expect(res.status).toBe(200);
      expect(await bytes(res)).toEqual(CONFIG);
    }
  });

  it('honours If-Range only while the ETag matches', async () => {
    const etag = `"${sha256(MODEL)}"`;
    const same = await fetch(url('onnx/model.onnx'), { headers: { Range: 'bytes=0-9', 'If-Range': etag } });
    expect(same.status).toBe(206);
    await same.arrayBuffer();
    const stale = await fetch(url('onnx/model.onnx'), { headers: { Range: 'bytes=0-9', 'If-Range': '"stale"' } });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
  });

  it('answers If-None-Match with 304', async () => {
    const res = await fetch(url('config.json'), { headers: { 'If-None-Match': `"${gitBlobSha1(CONFIG)}"` } });
    expect(res.status).toBe(304);
  });
});

describe('errors', () => {
  it('distinguishes an unknown repo from a missing file', async () => {
    const repo = await fetch(hub.fileUrl('nobody/nothing', 'config.json'));
    expect(repo.status).toBe(404);
    expect(repo.headers.get('x-error-code')).toBe('RepoNotFound');
    expect(await repo.json()).toEqual({ error: 'Repository not found' });

    for (const file of ['missing.json', 'onnx', 'onnx/missing.onnx']) {
      const entry = await fetch(url(file));
      expect(entry.status).toBe(404);
      expect(entry.headers.get('x-error-code')).toBe('EntryNotFound');
      expect(entry.headers.get('access-control-allow-origin')).toBe('*');
      expect(await entry.json()).toEqual({ error: 'Entry not found' });
    }
  });

  it('answers paths outside the layout with a plain 404', async () => {
    const res = await fetch(`${hub.url}/acme/tiny/raw/main/config.json`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-error-code')).toBeNull();
  });

  it.each([
    `/${REPO}/resolve/main/../../../secret.txt`,
    `/${REPO}/resolve/main/%2E%2E/%2E%2E/%2E%2E/secret.txt`,
    `/${REPO}/resolve/main/onnx%2F..%2F..%2F..%2Fsecret.txt`,
    `/acme/../resolve/main/secret.txt`,
    `/${REPO}/resolve/main/.%5C..%5Csecret.txt`,
  ])('refuses %s', async (path) => {
    const res = await rawGet(path);
    expect(res.status).toBe(400);
    expect(res.body).not.toContain('do not serve');
  });

  it('refuses other methods', async () => {
    const res = await fetch(url('config.json'), { method: 'PUT', body: 'x' });
    expect(res.status).toBe(405);
  });
});

describe('request log', () => {
  it('records every request and counts by file suffix or predicate', async () => {
    await (await fetch(url('config.json'))).arrayBuffer();
    await (await fetch(url('config.json'), { headers: { Range: 'bytes=0-0' } })).arrayBuffer();
    await fetch(url('onnx/model.onnx'), { method: 'HEAD' });
    await fetch(url('onnx/model.onnx'), { method: 'OPTIONS' });

    const log = hub.requests();
    expect(log).toHaveLength(4);
    expect(log[0]).toMatchObject({
      method: 'GET',
      path: `/${REPO}/resolve/main/config.json`,
      repo: REPO,
      revision: 'main',
      file: 'config.json',
      status: 200,
      bytesSent: CONFIG.length,
      outcome: 'complete',
      faults: [],
    });
    expect(log[0]!.range).toBeUndefined();
    expect(log[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(log[0]!.time).toBeLessThanOrEqual(Date.now());
    expect(log[1]).toMatchObject({ range: 'bytes=0-0', status: 206, bytesSent: 1 });

    expect(hub.countFor('config.json')).toBe(2);
    expect(hub.countFor('onnx/model.onnx')).toBe(1); // the preflight is logged, not counted
    expect(hub.countFor(`${REPO}/onnx/model.onnx`)).toBe(1);
    expect(hub.countFor((r) => r.method === 'OPTIONS')).toBe(1);
    expect(hub.countFor((r) => r.range === 'bytes=0-0')).toBe(1);

    log.length = 0;
    expect(hub.requests()).toHaveLength(4);
    hub.reset();
    expect(hub.requests()).toEqual([]);
    expect(hub.countFor('config.json')).toBe(0);
  });
});

describe('faults', () => {
  it('cut: sends headers and N bytes, then drops the connection', async () => {
    hub.addFault({ match: 'model.onnx', kind: 'cut', afterBytes: 100_000 });
    const res = await fetch(url('onnx/model.onnx'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(MODEL.length));
    const { received, error } = await drain(res);
    expect(error).toBeDefined();
    expect(received).toBe(100_000);
    expect(hub.requests()[0]).toMatchObject({ bytesSent: 100_000, outcome: 'aborted', faults: ['cut'] });
  });

  it('cut at 0 bytes still sends the headers', async () => {
    hub.addFault({ match: 'model.onnx', kind: 'cut', afterBytes: 0 });
    const res = await fetch(url('onnx/model.onnx'), { headers: { Range: 'bytes=10-' } });
    expect(res.status).toBe(206);
    const { received, error } = await drain(res);
    expect(error).toBeDefined();
    expect(received).toBe(0);
  });

  it('cut leaves HEAD and the bytes=0-0 probe alone, and counts only the cut request', async () => {
    hub.addFault({ match: 'model.onnx', kind: 'cut', afterBytes: 10, times: 1 });
    expect((await fetch(url('onnx/model.onnx'), { method: 'HEAD' })).status).toBe(200);
    const probe = await fetch(url('onnx/model.onnx'), { headers: { Range: 'bytes=0-0' } });
    expect((await bytes(probe)).length).toBe(1);
    const short = await fetch(url('onnx/model.onnx'), { headers: { Range: 'bytes=0-9' } });
    expect((await bytes(short)).length).toBe(10);
    expect(hub.faults()).toHaveLength(1);
    expect((await drain(await fetch(url('onnx/model.onnx')))).error).toBeDefined();
    expect(hub.faults()).toHaveLength(0);
    const retry = await fetch(url('onnx/model.onnx'));
    expect((await bytes(retry)).equals(MODEL)).toBe(true);
  });

  it('delay: answers after the delay', async () => {
    hub.addFault({ match: 'config.json', kind: 'delay', ms: 300 });
    const start = performance.now();
    const res = await fetch(url('config.json'));
    expect(await bytes(res)).toEqual(CONFIG);
    expect(performance.now() - start).toBeGreaterThanOrEqual(280);
  });

  it.each([404, 500, 503])('status %i', async (status) => {
    hub.addFault({ match: 'config.json', kind: 'status', status });
    const get = await fetch(url('config.json'));
    expect(get.status).toBe(status);
    expect(get.headers.get('x-error-code')).toBe(status === 404 ? 'EntryNotFound' : null);
    expect(await get.json()).toHaveProperty('error');
    const probe = await fetch(url('config.json'), { headers: { Range: 'bytes=0-0' } });
    expect(probe.status).toBe(status);
    await probe.arrayBuffer();
  });

  it('throttle: slows the body so a client can abort mid-download', async () => {
    hub.addFault({ match: 'model.onnx', kind: 'throttle', bytesPerSecond: 400_000 });
    const start = performance.now();
    const ranged = await fetch(url('onnx/model.onnx'), { headers: { Range: 'bytes=0-99999' } });
    expect((await bytes(ranged)).equals(MODEL.subarray(0, 100_000))).toBe(true);
    expect(performance.now() - start).toBeGreaterThanOrEqual(200);

    const controller = new AbortController();
    const res = await fetch(url('onnx/model.onnx'), { signal: controller.signal });
    const reader = res.body!.getReader();
    let received = 0;
    while (received < 50_000) received += (await reader.read()).value!.length;
    controller.abort();
    await expect(reader.read()).rejects.toThrow();
    await expect.poll(() => hub.requests()[1]?.outcome).toBe('aborted');
    expect(hub.requests()[1]!.bytesSent).toBeLessThan(MODEL.length / 4);
  });

  it('announce-length: announces a huge size on HEAD and on the probe, serves real bytes otherwise', async () => {
    const huge = 5_000_000_000;
    hub.addFault({ match: 'model.onnx', kind: 'announce-length', bytes: huge });
    const head = await fetch(url('onnx/model.onnx'), { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(huge));
    expect(head.headers.get('x-linked-size')).toBe(String(huge));

    const probe = await fetch(url('onnx/model.onnx'), { headers: { Range: 'bytes=0-0' } });
    expect(probe.status).toBe(206);
    expect(probe.headers.get('content-range')).toBe(`bytes 0-0/${huge}`);
    expect(probe.headers.get('x-linked-size')).toBe(String(huge));
    expect(await bytes(probe)).toEqual(MODEL.subarray(0, 1));

    const full = await fetch(url('onnx/model.onnx'));
    expect(full.headers.get('content-length')).toBe(String(MODEL.length));
    expect(full.headers.get('x-linked-size')).toBe(String(MODEL.length));
    expect((await bytes(full)).equals(MODEL)).toBe(true);
    expect(hub.requests().map((r) => r.faults)).toEqual([['announce-length'], ['announce-length'], []]);
  });

  it('offline: drops the connection without answering', async () => {
    hub.addFault({ match: /(^|\/)config\.json$/, kind: 'offline' });
    await expect(fetch(url('config.json'))).rejects.toThrow(TypeError);
    expect((await fetch(url('tokenizer_config.json'))).status).toBe(200);
    expect(hub.requests()[0]).toMatchObject({ status: 0, outcome: 'aborted', faults: ['offline'] });
  });

  it('times: applies to that many requests, then stops', async () => {
    hub.setFaults([{ match: 'config.json', kind: 'status', status: 503, times: 2 }]);
    expect(hub.faults()[0]!.times).toBe(2);
    expect((await fetch(url('config.json'))).status).toBe(503);
    expect(hub.faults()[0]!.times).toBe(1);
    expect((await fetch(url('config.json'))).status).toBe(503);
    expect((await fetch(url('config.json'))).status).toBe(200);
    expect(hub.faults()).toEqual([]);
  });

  it('combines rules of different kinds and keeps the first of each kind', async () => {
    hub.setFaults([
      { match: 'config', kind: 'delay', ms: 150 },
      { match: 'tokenizer_config', kind: 'status', status: 500 },
      { match: 'config', kind: 'status', status: 503 },
    ]);
    const start = performance.now();
    expect((await fetch(url('tokenizer_config.json'))).status).toBe(500);
    expect(performance.now() - start).toBeGreaterThanOrEqual(130);
    expect((await fetch(url('config.json'))).status).toBe(503);
  });

  it('matches the repo too, and rejects malformed rules', () => {
    expect(() => hub.addFault({ match: 'x', kind: 'cut', afterBytes: -1 })).toThrow(TypeError);
    expect(() => hub.addFault({ match: 'x', kind: 'status', status: 200 })).toThrow(TypeError);
    expect(() => hub.addFault({ match: 'x', kind: 'nope' } as never)).toThrow(TypeError);
    expect(hub.faults()).toEqual([]);
  });
});

describe('HTTP control', () => {
  const control = (action: string, init?: RequestInit): Promise<Response> => fetch(`${hub.url}/__hub/${action}`, init);

  it('lists, resets and is not itself logged', async () => {
    await (await fetch(url('config.json'))).arrayBuffer();
    const listed = (await (await control('requests')).json()) as unknown[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ file: 'config.json', status: 200 });
    expect((await control('reset', { method: 'POST' })).status).toBe(200);
    expect(hub.requests()).toEqual([]);
  });

  it('sets, appends and clears faults from JSON', async () => {
    const set = await control('faults', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([{ match: { regex: 'config\\.json$' }, kind: 'status', status: 503, times: 1 }]),
    });
    expect(set.status).toBe(200);
    await control('faults', { method: 'POST', body: JSON.stringify({ match: 'model.onnx', kind: 'offline' }) });
    expect(await (await control('faults')).json()).toEqual([
      { match: { regex: 'config\\.json$', flags: '' }, kind: 'status', status: 503, times: 1 },
      { match: 'model.onnx', kind: 'offline' },
    ]);
    expect((await fetch(url('config.json'))).status).toBe(503);
    expect((await fetch(url('config.json'))).status).toBe(200);
    await expect(fetch(url('onnx/model.onnx'))).rejects.toThrow();

    expect((await control('faults', { method: 'DELETE' })).status).toBe(200);
    expect(hub.faults()).toEqual([]);
  });

  it('stays reachable while everything else is offline', async () => {
    hub.addFault({ match: '', kind: 'offline' });
    await expect(fetch(url('config.json'))).rejects.toThrow();
    expect((await control('requests')).status).toBe(200);
    expect((await control('faults', { method: 'OPTIONS' })).status).toBe(204);
  });

  it('rejects bad rules and unknown endpoints', async () => {
    const bad = await control('faults', { method: 'POST', body: JSON.stringify([{ match: 'x', kind: 'melt' }]) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toHaveProperty('error');
    expect((await control('faults', { method: 'POST', body: '{not json' })).status).toBe(400);
    expect((await control('nothing')).status).toBe(404);
  });

  it('drives a server through connectHubControl', async () => {
    const remote = connectHubControl(hub.url);
    await remote.setFaults([{ match: /tokenizer/, kind: 'status', status: 500, times: 1 }]);
    await remote.addFault({ match: 'onnx/model.onnx', kind: 'delay', ms: 1 });
    expect(await remote.faults()).toHaveLength(2);
    expect((await fetch(url('tokenizer_config.json'))).status).toBe(500);
    expect(await remote.countFor('tokenizer_config.json')).toBe(1);
    expect((await remote.requests())[0]).toMatchObject({ status: 500, faults: ['status'] });
    await remote.clearFaults();
    await remote.reset();
    expect(await remote.requests()).toEqual([]);
    expect(hub.faults()).toEqual([]);
  });
});

describe('CLI', () => {
  it('serves the root, prints its URL and exits on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/serve-models.ts', '--root', root, '--port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /at (http:\/\/\S+)/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      const res = await fetch(`${base}/${REPO}/resolve/main/config.json`);
      expect(await bytes(res)).toEqual(CONFIG);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 20_000);
});
