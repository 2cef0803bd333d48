/** The hub server's default, realistic mode: LFS redirects to a CDN origin, revisions, commits, faults. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gitBlobSha1, serveTempRepo, sha256 } from './support/temp-hub.js';
import { connectHubControl, createHubServer, HUB_EXPOSED_HEADERS } from '../../scripts/hub-server/index.js';

const REPO = 'acme/tiny';
const CONFIG = Buffer.from(JSON.stringify({ model_type: 'qwen3', hidden_size: 64 }));
const TOKENIZER = Buffer.from('{"eos_token":"<|im_end|>"}');
const MODEL = Buffer.from(Array.from({ length: 2 * 1024 * 1024 + 17 }, (_, i) => (i * 31 + (i >> 10)) % 251));

const served = serveTempRepo(REPO, { 'config.json': CONFIG, 'tokenizer_config.json': TOKENIZER, 'onnx/model.onnx': MODEL });

const url = (file: string, revision = 'main'): string => served.hub.fileUrl(REPO, file, revision);
const md5 = (data: Uint8Array): string => createHash('md5').update(data).digest('hex');
const bytes = async (res: Response): Promise<Buffer> => Buffer.from(await res.arrayBuffer());
const manual = (file: string, init: RequestInit = {}): Promise<Response> => fetch(url(file), { ...init, redirect: 'manual' });

describe('resolve: LFS files redirect to the CDN', () => {
  it('answers 302 with the hub headers on the redirect and a signed CDN Location', async () => {
    const res = await manual('onnx/model.onnx');
    expect(res.status).toBe(302);
    expect(served.firstCommit).toMatch(/^[0-9a-f]{40}$/);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin).toBe(served.hub.cdnUrl);
    expect(location.origin).not.toBe(served.hub.url);
    expect(location.pathname).toBe(`/${REPO}/${served.firstCommit}/onnx/model.onnx`);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(location.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(res.headers.get('x-repo-commit')).toBe(served.firstCommit);
    expect(res.headers.get('x-linked-etag')).toBe(`"${sha256(MODEL)}"`);
    expect(res.headers.get('x-linked-size')).toBe(String(MODEL.length));
    expect(res.headers.get('x-xet-hash')).toMatch(/^[0-9a-f]{64}$/);
    expect(res.headers.get('x-xet-hash')).not.toBe(sha256(MODEL));
    expect(res.headers.get('etag')).toBeNull();
    expect(res.headers.get('content-length')).toBe('0');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toBe(HUB_EXPOSED_HEADERS);
    expect(await res.text()).toBe('');

    const again = new URL((await manual('onnx/model.onnx')).headers.get('location')!);
    expect(again.searchParams.get('X-Amz-Signature')).not.toBe(location.searchParams.get('X-Amz-Signature'));
  });

  it('redirects a HEAD too, and reflects the Origin as huggingface.co does', async () => {
    const res = await manual('onnx/model.onnx', { method: 'HEAD', headers: { Origin: 'http://page.test' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('x-linked-size')).toBe(String(MODEL.length));
    expect(res.headers.get('access-control-allow-origin')).toBe('http://page.test');
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });

  it('serves the bytes from the CDN: its own ETag, CORS for an opaque origin, no X-Linked-*', async () => {
    const res = await fetch(url('onnx/model.onnx'));
    expect(res.status).toBe(200);
    expect(res.redirected).toBe(true);
    expect(res.url.startsWith(`${served.hub.cdnUrl}/`)).toBe(true);
    expect((await bytes(res)).equals(MODEL)).toBe(true);
    expect(res.headers.get('content-length')).toBe(String(MODEL.length));
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
    expect(res.headers.get('etag')).not.toBe(`"${sha256(MODEL)}"`);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    for (const header of ['x-linked-etag', 'x-linked-size', 'x-repo-commit', 'x-xet-hash']) {
      expect(res.headers.get(header)).toBeNull();
    }
  });

  it.each([
    ['xet', (etag: string) => expect(etag).toMatch(/^"[0-9a-f]{64}"$/)],
    ['sha256', (etag: string) => expect(etag).toBe(`"${sha256(MODEL)}"`)],
    ['md5', (etag: string) => expect(etag).toBe(`"${md5(MODEL)}"`)],
  ] as const)('sends the %s ETag when told to, from the next request on', async (mode, check) => {
    served.hub.setCdnEtag(mode);
    const res = await fetch(url('onnx/model.onnx'), { method: 'HEAD' });
    check(res.headers.get('etag')!);
    const redirect = await manual('onnx/model.onnx');
    expect(redirect.headers.get('x-linked-etag')).toBe(`"${sha256(MODEL)}"`);
    expect(redirect.headers.get('x-xet-hash') !== null).toBe(mode === 'xet');
  });

  it('rejects an unknown cdnEtag', () => {
    expect(() => served.hub.setCdnEtag('crc32' as never)).toThrow(TypeError);
  });

  it.each([
    ['bytes=100-199', 100, 199],
    ['bytes=0-0', 0, 0],
    [`bytes=${MODEL.length - 10}-`, MODEL.length - 10, MODEL.length - 1],
  ])('keeps Range across the redirect: %s', async (range, start, end) => {
    const res = await fetch(url('onnx/model.onnx'), { headers: { Range: range } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${MODEL.length}`);
    expect((await bytes(res)).equals(MODEL.subarray(start, end + 1))).toBe(true);
  });

  it('answers If-None-Match and If-Range against its own ETag', async () => {
    const etag = (await fetch(url('onnx/model.onnx'), { method: 'HEAD' })).headers.get('etag')!;
    expect((await fetch(url('onnx/model.onnx'), { headers: { 'If-None-Match': etag } })).status).toBe(304);
    const stale = await fetch(url('onnx/model.onnx'), { headers: { Range: 'bytes=0-9', 'If-Range': `"${sha256(MODEL)}"` } });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
  });

  it('answers a CDN preflight', async () => {
    const location = (await manual('onnx/model.onnx')).headers.get('location')!;
    const res = await fetch(location, {
      method: 'OPTIONS',
      headers: { Origin: 'null', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/range/i);
  });

  it('refuses CDN URLs it did not sign, as S3 refuses an expired one', async () => {
    const signed = new URL((await manual('onnx/model.onnx')).headers.get('location')!);
    const unsigned = await fetch(`${signed.origin}${signed.pathname}`);
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('<Code>AccessDenied</Code>');
    const elsewhere = await fetch(`${signed.origin}/${REPO}/${served.firstCommit}/config.json${signed.search}`);
    expect(elsewhere.status).toBe(403);
    expect((await fetch(signed)).status).toBe(200); // reusable until it expires
  });
});

describe('resolve: small files and revisions', () => {
  it('serves a small file directly with its git blob ETag and X-Repo-Commit', async () => {
    const res = await manual('config.json');
    expect(res.status).toBe(200);
    expect(await bytes(res)).toEqual(CONFIG);
    expect(res.headers.get('etag')).toBe(`"${gitBlobSha1(CONFIG)}"`);
    expect(res.headers.get('x-repo-commit')).toBe(served.firstCommit);
    expect(res.headers.get('x-linked-etag')).toBeNull();
    expect(res.headers.get('x-linked-size')).toBeNull();
    const ranged = await manual('config.json', { headers: { Range: 'bytes=2-5' } });
    expect(ranged.status).toBe(206);
    expect(await bytes(ranged)).toEqual(CONFIG.subarray(2, 6));
  });

  it('resolves main and a full commit SHA; any other revision is RevisionNotFound', async () => {
    expect((await manual('config.json', {})).status).toBe(200);
    expect((await fetch(url('config.json', served.firstCommit))).status).toBe(200);
    expect((await fetch(url('config.json', served.firstCommit.toUpperCase()))).status).toBe(200);
    for (const revision of ['v1.0', 'refs/pr/1', served.firstCommit.slice(0, 7), 'f'.repeat(40)]) {
      const res = await fetch(url('config.json', revision));
      expect(res.status).toBe(404);
      expect(res.headers.get('x-error-code')).toBe('RevisionNotFound');
    }
  });

  it('tells a missing repo from a missing file, with the commit on a missing file', async () => {
    const repo = await fetch(served.hub.fileUrl('nobody/nothing', 'config.json'));
    expect(repo.status).toBe(404);
    expect(repo.headers.get('x-error-code')).toBe('RepoNotFound');
    const entry = await fetch(url('onnx/missing.onnx'));
    expect(entry.status).toBe(404);
    expect(entry.headers.get('x-error-code')).toBe('EntryNotFound');
    expect(entry.headers.get('x-repo-commit')).toBe(served.firstCommit);
  });

  it('gives the same base commit to a new server over unchanged files', async () => {
    const other = await createHubServer({ root: served.root });
    try {
      expect(await other.commitOf(REPO)).toBe(served.firstCommit);
      await expect(other.commitOf('nobody/nothing')).rejects.toThrow(/no repo/);
      await expect(other.commitOf(REPO, 'dev')).rejects.toThrow(/no revision/);
    } finally {
      await other.close();
    }
  });
});

describe('request log', () => {
  it('records a download as the 302 and the CDN answer, and counts both', async () => {
    await bytes(await fetch(url('onnx/model.onnx')));
    const [redirect, cdn] = served.hub.requests();
    expect(redirect).toMatchObject({ origin: 'hub', method: 'GET', status: 302, bytesSent: 0, repo: REPO, revision: 'main', file: 'onnx/model.onnx' });
    expect(cdn).toMatchObject({
      origin: 'cdn',
      method: 'GET',
      status: 200,
      bytesSent: MODEL.length,
      repo: REPO,
      revision: served.firstCommit,
      file: 'onnx/model.onnx',
      path: `/${REPO}/${served.firstCommit}/onnx/model.onnx`,
      outcome: 'complete',
    });
    expect(served.hub.countFor('onnx/model.onnx')).toBe(2);
    expect(served.hub.countFor((r) => r.origin === 'cdn')).toBe(1);
    expect(served.hub.bytesServed('onnx/model.onnx')).toBe(MODEL.length);
    await bytes(await fetch(url('config.json')));
    expect(served.hub.bytesServed()).toBe(MODEL.length + CONFIG.length);
  });
});

describe('faults across the redirect', () => {
  it('cut acts on the CDN body, never on the 302', async () => {
    served.hub.addFault({ match: 'model.onnx', kind: 'cut', afterBytes: 1000, times: 1 });
    const res = await fetch(url('onnx/model.onnx'));
    await expect(res.arrayBuffer()).rejects.toThrow();
    expect(served.hub.requests().map((r) => [r.origin, r.faults])).toEqual([
      ['hub', []],
      ['cdn', ['cut']],
    ]);
    expect(served.hub.requests()[1]).toMatchObject({ bytesSent: 1000, outcome: 'aborted' });
    expect((await bytes(await fetch(url('onnx/model.onnx')))).equals(MODEL)).toBe(true);
  });

  it('status and delay land on the first matching request: the 302', async () => {
    served.hub.setFaults([
      { match: 'model.onnx', kind: 'status', status: 503, times: 1 },
      { match: 'model.onnx', kind: 'delay', ms: 100, times: 1 },
    ]);
    const start = performance.now();
    const failed = await manual('onnx/model.onnx');
    expect(failed.status).toBe(503);
    expect(performance.now() - start).toBeGreaterThanOrEqual(90);
    expect((await fetch(url('onnx/model.onnx'))).status).toBe(200);
    expect(served.hub.requests()[0]).toMatchObject({ origin: 'hub', status: 503, faults: ['status', 'delay'] });
  });

  it('a rule matching the CDN path only acts there, with S3\'s error', async () => {
    served.hub.addFault({ match: `${served.firstCommit}/onnx/`, kind: 'status', status: 500, times: 1 });
    const res = await fetch(url('onnx/model.onnx'));
    expect(res.status).toBe(500);
    expect(res.headers.get('x-error-code')).toBeNull();
    expect(await res.text()).toContain('<Code>InternalError</Code>');
    expect(served.hub.requests().map((r) => `${r.origin} ${r.status}`)).toEqual(['hub 302', 'cdn 500']);
  });

  it('corrupt flips one byte of a body that covers it', async () => {
    const at = 1_234_567;
    served.hub.addFault({ match: 'model.onnx', kind: 'corrupt', atByte: at, times: 1 });
    const before = await fetch(url('onnx/model.onnx'), { headers: { Range: 'bytes=0-999' } });
    expect((await bytes(before)).equals(MODEL.subarray(0, 1000))).toBe(true);
    expect(served.hub.faults()).toHaveLength(1);

    const body = await bytes(await fetch(url('onnx/model.onnx')));
    expect(body.length).toBe(MODEL.length);
    expect(body[at]).toBe(MODEL[at]! ^ 0xff);
    body.writeUInt8(body.readUInt8(at) ^ 0xff, at);
    expect(body.equals(MODEL)).toBe(true); // that byte only
    expect(served.hub.requests().at(-1)!.faults).toEqual(['corrupt']);
    expect(served.hub.faults()).toHaveLength(0);
    expect((await bytes(await fetch(url('onnx/model.onnx')))).equals(MODEL)).toBe(true);
  });

  it('corrupt works on a direct small file too, at an offset inside a range', async () => {
    served.hub.addFault({ match: 'config.json', kind: 'corrupt', atByte: 3 });
    const body = await bytes(await fetch(url('config.json'), { headers: { Range: 'bytes=2-5' } }));
    expect(body[1]).toBe(CONFIG[3]! ^ 0xff);
    expect(body[0]).toBe(CONFIG[2]);
  });

  it('announce-length: the CDN announces it on HEAD and on the probe; the 302 shows it without using it up', async () => {
    const huge = 5_000_000_000;
    served.hub.addFault({ match: 'model.onnx', kind: 'announce-length', bytes: huge, times: 2 });
    const redirect = await manual('onnx/model.onnx', { method: 'HEAD' });
    expect(redirect.headers.get('x-linked-size')).toBe(String(huge));
    const plain = await manual('onnx/model.onnx');
    expect(plain.headers.get('x-linked-size')).toBe(String(MODEL.length));
    expect(served.hub.faults()[0]!.times).toBe(2);

    const head = await fetch(url('onnx/model.onnx'), { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(huge));
    const probe = await fetch(url('onnx/model.onnx'), { headers: { Range: 'bytes=0-0' } });
    expect(probe.headers.get('content-range')).toBe(`bytes 0-0/${huge}`);
    expect(await bytes(probe)).toEqual(MODEL.subarray(0, 1));
    expect(served.hub.faults()).toEqual([]);
    const full = await fetch(url('onnx/model.onnx'));
    expect((await bytes(full)).equals(MODEL)).toBe(true);
  });

  it('throttle paces the CDN body', async () => {
    served.hub.addFault({ match: 'model.onnx', kind: 'throttle', bytesPerSecond: 500_000 });
    const start = performance.now();
    await bytes(await fetch(url('onnx/model.onnx'), { headers: { Range: 'bytes=0-99999' } }));
    expect(performance.now() - start).toBeGreaterThanOrEqual(180);
    expect(served.hub.requests().map((r) => r.faults)).toEqual([[], ['throttle']]);
  });

  it('offline and status reach the API', async () => {
    served.hub.addFault({ match: '/api/', kind: 'offline', times: 1 });
    await expect(fetch(`${served.hub.url}/api/models/${REPO}`)).rejects.toThrow(TypeError);
    served.hub.addFault({ match: '/api/', kind: 'status', status: 500, times: 1 });
    expect((await fetch(`${served.hub.url}/api/models/${REPO}`)).status).toBe(500);
    expect((await fetch(`${served.hub.url}/api/models/${REPO}`)).status).toBe(200);
    expect(served.hub.requests().map((r) => [r.origin, r.faults])).toEqual([
      ['api', ['offline']],
      ['api', ['status']],
      ['api', []],
    ]);
  });

  it('rejects a malformed corrupt rule', () => {
    expect(() => served.hub.addFault({ match: 'x', kind: 'corrupt', atByte: -1 })).toThrow(TypeError);
  });
});

describe('commits', () => {
  it('publishes a commit: main moves, new and old files are served, the old SHA still serves the old ones', async () => {
    const newModel = Buffer.from(MODEL.map((b) => b ^ 0x55));
    const newConfig = Buffer.from('{"model_type":"qwen3","hidden_size":128}');
    const sha = await served.hub.publishCommit(REPO, {
      files: { 'onnx/model.onnx': newModel, 'config.json': newConfig, 'extra/notes.txt': Buffer.from('hi') },
      delete: ['tokenizer_config.json'],
    });
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(sha).not.toBe(served.firstCommit);
    expect(await served.hub.commitOf(REPO)).toBe(sha);

    const small = await fetch(url('config.json'));
    expect(await bytes(small)).toEqual(newConfig);
    expect(small.headers.get('x-repo-commit')).toBe(sha);
    expect(small.headers.get('etag')).toBe(`"${gitBlobSha1(newConfig)}"`);
    const redirect = await manual('onnx/model.onnx');
    expect(redirect.headers.get('x-repo-commit')).toBe(sha);
    expect(redirect.headers.get('x-linked-etag')).toBe(`"${sha256(newModel)}"`);
    expect(new URL(redirect.headers.get('location')!).pathname).toBe(`/${REPO}/${sha}/onnx/model.onnx`);
    expect((await bytes(await fetch(url('onnx/model.onnx')))).equals(newModel)).toBe(true);
    expect(await (await fetch(url('extra/notes.txt'))).text()).toBe('hi');
    expect((await fetch(url('tokenizer_config.json'))).headers.get('x-error-code')).toBe('EntryNotFound');

    expect(await bytes(await fetch(url('config.json', served.firstCommit)))).toEqual(CONFIG);
    expect(await bytes(await fetch(url('tokenizer_config.json', served.firstCommit)))).toEqual(TOKENIZER);
    expect((await bytes(await fetch(url('onnx/model.onnx', served.firstCommit)))).equals(MODEL)).toBe(true);
    expect((await fetch(url('extra/notes.txt', served.firstCommit))).status).toBe(404);

    const info = (await (await fetch(`${served.hub.url}/api/models/${REPO}/revision/main?blobs=true`)).json()) as {
      sha: string;
      siblings: { rfilename: string; lfs?: { sha256: string } }[];
    };
    expect(info.sha).toBe(sha);
    expect(info.siblings.map((s) => s.rfilename)).toEqual(['config.json', 'extra/notes.txt', 'onnx/model.onnx']);
    expect(info.siblings.find((s) => s.rfilename === 'onnx/model.onnx')!.lfs!.sha256).toBe(sha256(newModel));
    const old = (await (await fetch(`${served.hub.url}/api/models/${REPO}/revision/${served.firstCommit}`)).json()) as { sha: string };
    expect(old.sha).toBe(served.firstCommit);

    const next = await served.hub.publishCommit(REPO, { delete: ['extra'] });
    expect((await fetch(url('extra/notes.txt'))).status).toBe(404);
    expect(await (await fetch(url('extra/notes.txt', sha))).text()).toBe('hi');
    expect(await served.hub.commitOf(REPO, 'main')).toBe(next);
  });

  it('refuses a bad path, a missing repo and a delete of nothing', async () => {
    await expect(served.hub.publishCommit(REPO, { files: { '../escape.txt': new Uint8Array(1) } })).rejects.toThrow(TypeError);
    await expect(served.hub.publishCommit(REPO, { files: { 'onnx/model.onnx/x': new Uint8Array(1) } })).rejects.toThrow(/file and a folder/);
    await expect(served.hub.publishCommit('nobody/nothing', { files: { 'a.txt': new Uint8Array(1) } })).rejects.toThrow(/no repo/);
    await expect(served.hub.publishCommit(REPO, { delete: ['nothing.txt'] })).rejects.toThrow(/no file or folder/);
  });

  it('publishes, reports and switches the CDN ETag through the control endpoints', async () => {
    const remote = connectHubControl(served.hub.url);
    expect(await remote.info()).toEqual({ url: served.hub.url, cdnUrl: served.hub.cdnUrl, mode: 'hub', cdnEtag: 'xet', api: true });
    const sha = await remote.publishCommit(REPO, { files: { 'remote.txt': new TextEncoder().encode('from afar') }, message: 'Remote' });
    expect(await remote.commitOf(REPO)).toBe(sha);
    await expect(remote.commitOf(REPO, 'nope')).rejects.toThrow(/no revision/);
    expect(await (await fetch(url('remote.txt'))).text()).toBe('from afar');
    await remote.setCdnEtag('md5');
    expect((await fetch(url('onnx/model.onnx'), { method: 'HEAD' })).headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await remote.bytesServed('remote.txt')).toBe(9);
    expect(await remote.countFor((r) => r.origin === 'cdn')).toBe(1);
  });
});
