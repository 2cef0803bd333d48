/**
 * A temporary repo folder served by the hub server for one test file:
 * written and started before its tests, log and faults reset after each
 * test, removed after all of them.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createHubServer, type HubServer } from '../../../scripts/hub-server/index.js';

/** The served repo; read its fields inside tests (they are set in `beforeAll`). */
export interface TempHub {
  hub: HubServer;
  /** The models folder. */
  root: string;
  /** The commit `main` pointed at when the server started. */
  firstCommit: string;
}

/** Serves `files` as `repo` for the tests of the calling file. */
export function serveTempRepo(repo: string, files: Record<string, Uint8Array>): TempHub {
  const served = {} as TempHub;
  beforeAll(async () => {
    served.root = await mkdtemp(join(tmpdir(), 'qwen3-hub-'));
    for (const [path, data] of Object.entries(files)) {
      await mkdir(dirname(join(served.root, repo, path)), { recursive: true });
      await writeFile(join(served.root, repo, path), data);
    }
    served.hub = await createHubServer({ root: served.root });
    served.firstCommit = await served.hub.commitOf(repo);
  });
  afterEach(() => {
    served.hub.clearFaults();
    served.hub.reset();
    served.hub.setCdnEtag('xet');
  });
  afterAll(async () => {
    await served.hub.close();
    await rm(served.root, { recursive: true, force: true });
  });
  return served;
}

/** SHA-256 hex: an LFS file's oid. */
export const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Git's blob SHA-1 hex: a small file's oid. */
export const gitBlobSha1 = (data: Uint8Array): string => createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
