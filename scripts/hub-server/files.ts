import { stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** Where a hub path leads on disk. */
export type ResolvedFile =
  | { kind: 'repo-missing' }
  | { kind: 'entry-missing' }
  | { kind: 'file'; absPath: string; size: number; mtimeMs: number };

/** Finds `root/{repo}/{file}`: the repo must be a folder and the file a regular file inside it. */
export async function resolveRepoFile(root: string, repo: string, file: string): Promise<ResolvedFile> {
  const repoDir = join(root, ...repo.split('/'));
  const repoStat = await stat(repoDir).catch(() => undefined);
  if (!repoStat?.isDirectory()) return { kind: 'repo-missing' };

  const absPath = join(repoDir, ...file.split('/'));
  if (!absPath.startsWith(repoDir + sep)) return { kind: 'entry-missing' };
  const fileStat = await stat(absPath).catch(() => undefined);
  if (!fileStat?.isFile()) return { kind: 'entry-missing' };
  return { kind: 'file', absPath, size: fileStat.size, mtimeMs: fileStat.mtimeMs };
}

const CONTENT_TYPES: Record<string, string> = {
  json: 'application/json',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  jinja: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
  js: 'text/javascript',
  mjs: 'text/javascript',
  wasm: 'application/wasm',
};

/** Content-Type by extension; binary by default. */
export function contentTypeFor(file: string): string {
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}
