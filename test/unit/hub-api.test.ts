/** The hub server's `/api/models/…` endpoints, in the shapes huggingface_hub and @huggingface/hub read. */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitBlobSha1, serveTempRepo, sha256 } from './support/temp-hub.js';
import { createHubServer, HUB_EXPOSED_HEADERS } from '../../scripts/hub-server/index.js';

const REPO = 'acme/tiny';
const FILES: Record<string, Buffer> = {
  '.gitattributes': Buffer.from('*.onnx filter=lfs diff=lfs merge=lfs -text\n'),
  'config.json': Buffer.from('{"model_type":"qwen3"}'),
  'README.md': Buffer.from('# tiny\n'),
  'onnx/model.onnx': Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256)),
  'onnx/model.onnx_data': Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 13) % 256)),
  'onnx/extra/notes.txt': Buffer.from('notes'),
  'weights.bin': Buffer.alloc(1024 * 1024 + 1, 7),
};
const LFS = ['onnx/model.onnx', 'onnx/model.onnx_data', 'weights.bin'];

const served = serveTempRepo(REPO, FILES);

const api = (path: string, init?: RequestInit): Promise<Response> => fetch(`${served.hub.url}/api/models/${path}`, init);
const json = async <T = unknown>(res: Response): Promise<T> => (await res.json()) as T;
const pointer = (data: Buffer): Buffer =>
  Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(data)}\nsize ${data.length}\n`);
const sorted = Object.keys(FILES).sort();

interface Entry {
  type: string;
  oid: string;
  size: number;
  path: string;
  lfs?: { oid: string; size: number; pointerSize: number };
  xetHash?: string;
  lastCommit?: { id: string; title: string; date: string };
}

describe('model info', () => {
  it('GET /api/models/{repo}/revision/{rev}: the served.firstCommit and file names', async () => {
    const res = await api(`${REPO}/revision/main`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toBe(HUB_EXPOSED_HEADERS);
    const info = await json<Record<string, unknown>>(res);
    expect(info).toEqual({
      _id: expect.stringMatching(/^[0-9a-f]{24}$/),
      id: REPO,
      modelId: REPO,
      author: 'acme',
      sha: served.firstCommit,
      lastModified: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
      private: false,
      gated: false,
      disabled: false,
      downloads: 0,
      likes: 0,
      tags: [],
      siblings: sorted.map((rfilename) => ({ rfilename })),
    });
    expect(await json(await api(REPO))).toEqual(info);
    expect(await json(await api(`${REPO}/revision/${served.firstCommit}`))).toEqual(info);
    expect(await json(await api(`${REPO}/revision/HEAD`))).toEqual(info);
  });

  it('?blobs=true adds blobId, size and lfs { sha256, size, pointerSize }', async () => {
    for (const flag of ['true', 'True', '1']) {
      const { siblings } = await json<{ siblings: unknown[] }>(await api(`${REPO}/revision/main?blobs=${flag}`));
      expect(siblings).toEqual(
        sorted.map((rfilename) => {
          const data = FILES[rfilename]!;
          if (!LFS.includes(rfilename)) return { rfilename, blobId: gitBlobSha1(data), size: data.length };
          const p = pointer(data);
          return {
            rfilename,
            blobId: gitBlobSha1(p),
            size: data.length,
            lfs: { sha256: sha256(data), size: data.length, pointerSize: p.length },
          };
        }),
      );
    }
  });

  it('answers a missing repo or revision with the hub error codes', async () => {
    const repo = await api('nobody/nothing/revision/main');
    expect(repo.status).toBe(404);
    expect(repo.headers.get('x-error-code')).toBe('RepoNotFound');
    expect(await repo.json()).toEqual({ error: 'Repository not found' });
    for (const rev of ['dev', 'refs%2Fpr%2F1', 'a'.repeat(40)]) {
      const res = await api(`${REPO}/revision/${rev}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('x-error-code')).toBe('RevisionNotFound');
    }
    expect((await api(`${REPO}/tree/dev`)).headers.get('x-error-code')).toBe('RevisionNotFound');
    const unknown = await fetch(`${served.hub.url}/api/spaces/${REPO}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-error-code')).toBeNull();
  });

  it('logs API requests as origin api', async () => {
    await api(`${REPO}/revision/main`);
    expect(served.hub.requests()[0]).toMatchObject({ origin: 'api', method: 'GET', status: 200, repo: REPO, revision: 'main' });
    expect(served.hub.requests()[0]!.file).toBeUndefined();
  });
});

describe('tree', () => {
  it('lists a folder: folders first, files with blob ids, LFS files with lfs and xetHash', async () => {
    const entries = await json<Entry[]>(await api(`${REPO}/tree/main`));
    expect(entries.map((e) => `${e.type} ${e.path}`)).toEqual([
      'directory onnx',
      'file .gitattributes',
      'file README.md',
      'file config.json',
      'file weights.bin',
    ]);
    expect(entries[0]).toEqual({ type: 'directory', oid: expect.stringMatching(/^[0-9a-f]{40}$/), size: 0, path: 'onnx' });
    expect(entries[3]).toEqual({ type: 'file', oid: gitBlobSha1(FILES['config.json']!), size: FILES['config.json']!.length, path: 'config.json' });
    const weights = FILES['weights.bin']!;
    expect(entries[4]).toEqual({
      type: 'file',
      oid: gitBlobSha1(pointer(weights)),
      size: weights.length,
      lfs: { oid: sha256(weights), size: weights.length, pointerSize: pointer(weights).length },
      xetHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      path: 'weights.bin',
    });
    expect(entries[4]!.xetHash).not.toBe(sha256(weights));
  });

  it('lists a sub-folder, or everything with recursive, and 404s a path that is not a folder', async () => {
    const onnx = await json<Entry[]>(await api(`${REPO}/tree/main/onnx`));
    expect(onnx.map((e) => e.path)).toEqual(['onnx/extra', 'onnx/model.onnx', 'onnx/model.onnx_data']);
    for (const flag of ['true', 'True']) {
      const all = await json<Entry[]>(await api(`${REPO}/tree/${served.firstCommit}?recursive=${flag}&expand=false`));
      expect(all.filter((e) => e.type === 'file').map((e) => e.path).sort()).toEqual(sorted);
      expect(all.filter((e) => e.type === 'directory').map((e) => e.path)).toEqual(['onnx', 'onnx/extra']);
    }
    const encoded = await json<Entry[]>(await api(`${REPO}/tree/main/onnx%2Fextra`));
    expect(encoded.map((e) => e.path)).toEqual(['onnx/extra/notes.txt']);
    for (const path of ['nothing', 'config.json']) {
      const res = await api(`${REPO}/tree/main/${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('x-error-code')).toBe('EntryNotFound');
    }
  });

  it('gives folders the git tree ids git itself computes (LFS files as their pointers)', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'hub-api-git-'));
    try {
      for (const [path, data] of Object.entries(FILES)) {
        await mkdir(join(repo, path, '..'), { recursive: true });
        await writeFile(join(repo, path), LFS.includes(path) ? pointer(data) : data);
      }
      const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
      git('init', '-q');
      git('add', '-A');
      const tree = git('write-tree');
      const entries = await json<Entry[]>(await api(`${REPO}/tree/main?recursive=1`));
      for (const folder of ['onnx', 'onnx/extra']) {
        expect(entries.find((e) => e.path === folder)!.oid).toBe(git('rev-parse', `${tree}:${folder}`));
      }
      expect(entries.find((e) => e.path === 'weights.bin')!.oid).toBe(git('rev-parse', `${tree}:weights.bin`));
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });

  it('adds lastCommit with expand, and leaves xetHash out when the CDN is not Xet', async () => {
    served.hub.setCdnEtag('sha256');
    const [notes] = await json<Entry[]>(await api(`${REPO}/tree/main/onnx/extra?expand=true`));
    expect(notes!.lastCommit).toEqual({ id: served.firstCommit, title: expect.any(String), date: expect.any(String) });
    const weights = (await json<Entry[]>(await api(`${REPO}/tree/main`))).find((e) => e.path === 'weights.bin')!;
    expect(weights.xetHash).toBeUndefined();
    expect(weights.lfs).toBeDefined();
  });
});

describe('paths-info', () => {
  it('takes a form, as huggingface_hub sends it, and answers the paths that exist, in order', async () => {
    const res = await api(`${REPO}/paths-info/main`, {
      method: 'POST',
      body: new URLSearchParams([
        ['paths', 'onnx/model.onnx'],
        ['paths', 'missing.txt'],
        ['paths', 'onnx'],
        ['paths', 'config.json'],
        ['expand', 'False'],
      ]),
    });
    expect(res.status).toBe(200);
    const entries = await json<Entry[]>(res);
    expect(entries.map((e) => `${e.type} ${e.path}`)).toEqual(['file onnx/model.onnx', 'directory onnx', 'file config.json']);
    const model = FILES['onnx/model.onnx']!;
    expect(entries[0]!.lfs).toEqual({ oid: sha256(model), size: model.length, pointerSize: pointer(model).length });
    expect(entries[0]!.lastCommit).toBeUndefined();
  });

  it('takes JSON, as @huggingface/hub sends it, with expand', async () => {
    const res = await api(`${REPO}/paths-info/${served.firstCommit}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ paths: ['README.md', 'onnx/extra'], expand: true }),
    });
    const entries = await json<Entry[]>(res);
    expect(entries.map((e) => e.path)).toEqual(['README.md', 'onnx/extra']);
    expect(entries.every((e) => e.lastCommit?.id === served.firstCommit)).toBe(true);
  });

  it('refuses a GET and a body without paths; 404s a missing revision', async () => {
    expect((await api(`${REPO}/paths-info/main`)).status).toBe(405);
    const bad = await api(`${REPO}/paths-info/main`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(bad.status).toBe(400);
    const missing = await api(`${REPO}/paths-info/dev`, { method: 'POST', body: new URLSearchParams([['paths', 'a']]) });
    expect(missing.headers.get('x-error-code')).toBe('RevisionNotFound');
  });
});

describe('faults in the API', () => {
  it('announce-length changes the sizes the API reports, without using up the rule', async () => {
    const huge = 5_000_000_000;
    served.hub.addFault({ match: 'model.onnx', kind: 'announce-length', bytes: huge, times: 1 });
    const { siblings } = await json<{ siblings: { rfilename: string; size: number; lfs?: { size: number } }[] }>(
      await api(`${REPO}/revision/main?blobs=true`),
    );
    const model = siblings.find((s) => s.rfilename === 'onnx/model.onnx')!;
    expect([model.size, model.lfs!.size]).toEqual([huge, huge]);
    const config = siblings.find((s) => s.rfilename === 'config.json')!;
    expect(config.size).toBe(FILES['config.json']!.length);

    const tree = await json<Entry[]>(await api(`${REPO}/tree/main/onnx`));
    const entry = tree.find((e) => e.path === 'onnx/model.onnx')!;
    expect([entry.size, entry.lfs!.size]).toEqual([huge, huge]);
    const [info] = await json<Entry[]>(
      await api(`${REPO}/paths-info/main`, { method: 'POST', body: new URLSearchParams([['paths', 'onnx/model.onnx']]) }),
    );
    expect(info!.size).toBe(huge);
    expect(served.hub.faults()[0]!.times).toBe(1);
  });
});

describe('api: false', () => {
  it('answers every /api/ path with a plain 404, like a static mirror', async () => {
    const mirror = await createHubServer({ root: served.root, api: false });
    try {
      for (const path of [`${REPO}/revision/main`, `${REPO}/tree/main`, REPO]) {
        const res = await fetch(`${mirror.url}/api/models/${path}`);
        expect(res.status).toBe(404);
        expect(res.headers.get('x-error-code')).toBeNull();
      }
      expect((await fetch(mirror.fileUrl(REPO, 'config.json'))).status).toBe(200);
    } finally {
      await mirror.close();
    }
  });
});
