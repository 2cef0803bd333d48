import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredFile } from './blob-info.js';

/**
 * Every regular file under `dir` (symlinks followed), keyed by `/`-separated path and sorted;
 * `undefined` when `dir` is not a folder. A `.git` folder is skipped: it is not part of a commit's tree.
 */
export async function walkRepo(dir: string): Promise<Map<string, StoredFile> | undefined> {
  const top = await stat(dir).catch(() => undefined);
  if (!top?.isDirectory()) return undefined;
  const found: [string, StoredFile][] = [];
  await walk(dir, '', found);
  found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(found);
}

async function walk(dir: string, prefix: string, found: [string, StoredFile][]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  await Promise.all(
    entries.map(async (entry) => {
      if (entry.name === '.git') return;
      const absPath = join(dir, entry.name);
      const path = prefix + entry.name;
      // A file can vanish between readdir and stat (a test rewriting it): skip it, as git would.
      const info = await stat(absPath).catch(() => undefined);
      if (info?.isDirectory()) await walk(absPath, `${path}/`, found);
      else if (info?.isFile()) found.push([path, { absPath, size: info.size, mtimeMs: info.mtimeMs }]);
    }),
  );
}
