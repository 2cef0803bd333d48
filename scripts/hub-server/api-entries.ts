/**
 * Entries of `GET /api/models/{repo}/tree/{rev}[/{path}]` and `POST …/paths-info/{rev}`, shaped as
 * huggingface_hub's `RepoFile` / `RepoFolder` (hf_api.py) and `@huggingface/hub`'s `ListFileEntry` /
 * `PathInfo` parse them:
 *   file:      { type: 'file', oid: <git blob id>, size, lfs?: { oid: <sha256>, size, pointerSize }, xetHash?, path }
 *   directory: { type: 'directory', oid: <git tree id>, size: 0, path }
 * `size` is the real file size for LFS files too (not the pointer's). `xetHash` is present for LFS
 * files while the CDN serves Xet. With `expand`, each entry also has `lastCommit: { id, title, date }`
 * (`securityFileStatus` is left out: both clients treat it as optional).
 */
import { type BlobInfo, blobInfo, xetHashOf } from './blob-info.js';
import type { Commit } from './commits.js';
import { folderOids } from './git-tree.js';
import type { HubState } from './state.js';

/** One entry of the tree or paths-info API. */
export interface TreeEntry {
  type: 'file' | 'directory';
  oid: string;
  size: number;
  lfs?: { oid: string; size: number; pointerSize: number };
  xetHash?: string;
  path: string;
  lastCommit?: { id: string; title: string; date: string };
}

/** A commit's files with their blob metadata, and its folders with their tree ids. */
export interface CommitIndex {
  commit: Commit;
  blobs: Map<string, BlobInfo>;
  /** Folder path (`''` for the root) → git tree id. */
  folders: Map<string, string>;
}

/** How entries are described: `announce` gives a size an announce-length fault puts in place of the real one. */
export interface EntryOptions {
  expand: boolean;
  announce(path: string): number | undefined;
}

/** Hashes what a commit's entries need (each file once per version, shared with the other origins). */
export async function indexCommit(state: HubState, commit: Commit): Promise<CommitIndex> {
  const infos = await Promise.all([...commit.files].map(async ([path, file]) => [path, await blobInfo(state.hashes, path, file)] as const));
  const blobs = new Map(infos);
  const ids = new Map([...blobs].map(([path, info]) => [path, info.blobId]));
  return { commit, blobs, folders: folderOids(ids) };
}

/** The entry for `path` (a file or a folder), or undefined when the commit has neither. */
export function entryFor(state: HubState, index: CommitIndex, path: string, options: EntryOptions): TreeEntry | undefined {
  const info = index.blobs.get(path);
  if (info) {
    const size = options.announce(path) ?? info.size;
    const { lfs } = info;
    const entry: TreeEntry = {
      type: 'file',
      oid: info.blobId,
      size,
      ...(lfs ? { lfs: { oid: lfs.sha256, size, pointerSize: lfs.pointerSize } } : {}),
      ...(lfs && state.cdnEtag === 'xet' ? { xetHash: xetHashOf(lfs.sha256) } : {}),
      path,
    };
    const last = index.commit.files.get(path)?.lastCommit;
    if (options.expand && last) entry.lastCommit = commitSummary(state, index.commit, [last]);
    return entry;
  }
  const oid = path === '' ? undefined : index.folders.get(path);
  if (oid === undefined) return undefined;
  const entry: TreeEntry = { type: 'directory', oid, size: 0, path };
  if (options.expand) {
    const inside = [...index.commit.files].filter(([p]) => p.startsWith(`${path}/`)).map(([, f]) => f.lastCommit);
    entry.lastCommit = commitSummary(state, index.commit, inside);
  }
  return entry;
}

/**
 * Paths listed under `folder` (`''` for the root): its children, or everything below it when
 * `recursive`; folders before files within each folder. Undefined when `folder` is not a folder.
 */
export function listFolder(index: CommitIndex, folder: string, recursive: boolean): string[] | undefined {
  if (!index.folders.has(folder)) return undefined;
  const prefix = folder === '' ? '' : `${folder}/`;
  const below = (path: string): boolean => path.startsWith(prefix) && (recursive || !path.slice(prefix.length).includes('/'));
  const folders = [...index.folders.keys()].filter((p) => p !== '' && p !== folder && below(p));
  const files = [...index.blobs.keys()].filter(below);
  const rows = [...folders.map((path) => ({ path, rank: 0 })), ...files.map((path) => ({ path, rank: 1 }))];
  rows.sort((a, b) => compare(parentOf(a.path), parentOf(b.path)) || a.rank - b.rank || compare(a.path, b.path));
  return rows.map((row) => row.path);
}

/** The latest of some commits, as `lastCommit`. */
function commitSummary(state: HubState, commit: Commit, shas: string[]): { id: string; title: string; date: string } | undefined {
  const commits = shas.map((sha) => state.commits.commit(commit.repo, sha)).filter((c) => c !== undefined);
  const latest = commits.reduce<Commit | undefined>((best, c) => (!best || c.date > best.date ? c : best), undefined);
  return latest && { id: latest.sha, title: latest.title, date: latest.date.toISOString() };
}

function parentOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
