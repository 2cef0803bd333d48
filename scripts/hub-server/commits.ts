/**
 * Each repo's history, as the hub's revisions see it. The base commit is the repo's folder on
 * disk: its SHA is a SHA-1 over the sorted paths, sizes and mtimes of its files, so it is cheap,
 * stable across restarts while the files are unchanged, and new as soon as one changes. Until a
 * commit is published, `main` follows the folder; `publishCommit` writes the changed files to a
 * temporary folder, records a commit on top of `main` and moves `main` to it. Every commit seen
 * stays reachable by SHA (files of a published commit that were not changed are read from the
 * folder on disk, so they must not change under it).
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { StoredFile } from './blob-info.js';
import { walkRepo } from './repo-walk.js';
import type { CommitChange } from './types.js';

/** A file of a commit, with the commit that last changed it. */
export interface CommitFile extends StoredFile {
  lastCommit: string;
}

/** One commit of a repo. */
export interface Commit {
  sha: string;
  repo: string;
  title: string;
  date: Date;
  /** Path → file, sorted by path. */
  files: ReadonlyMap<string, CommitFile>;
}

/** What a revision names. */
export type RevisionLookup = { kind: 'repo-missing' } | { kind: 'revision-missing' } | { kind: 'commit'; commit: Commit };

const COMMIT_SHA = /^[0-9a-f]{40}$/i;
/** Names of the default branch: the hub's API takes `HEAD` too (`@huggingface/hub`'s `modelInfo` sends it). */
const MAIN_NAMES = new Set(['main', 'HEAD']);

/** The commits of every repo under `root`. */
export class CommitStore {
  readonly #root: string;
  readonly #anyRevisionIsMain: boolean;
  readonly #commits = new Map<string, Map<string, Commit>>();
  readonly #published = new Map<string, string>();
  readonly #walks = new Map<string, Promise<Commit | undefined>>();
  readonly #publishing = new Map<string, Promise<unknown>>();
  #tempDir: Promise<string> | undefined;
  #publishedCount = 0;

  /** `anyRevisionIsMain`: a revision that is not a known commit names `main` (direct mode). */
  constructor(root: string, options: { anyRevisionIsMain: boolean }) {
    this.#root = root;
    this.#anyRevisionIsMain = options.anyRevisionIsMain;
  }

  /** The commit `revision` (a branch name or a full SHA) names in `repo`. */
  async lookup(repo: string, revision: string): Promise<RevisionLookup> {
    const known = this.commit(repo, revision);
    if (known) return { kind: 'commit', commit: known };
    const main = await this.#main(repo);
    if (!main) return { kind: 'repo-missing' };
    // Walking the folder may just have registered the base commit this SHA names.
    const base = this.commit(repo, revision);
    if (base) return { kind: 'commit', commit: base };
    if (MAIN_NAMES.has(revision) || this.#anyRevisionIsMain) return { kind: 'commit', commit: main };
    return { kind: 'revision-missing' };
  }

  /** A commit already seen, by full SHA. */
  commit(repo: string, sha: string): Commit | undefined {
    return COMMIT_SHA.test(sha) ? this.#commits.get(repo)?.get(sha.toLowerCase()) : undefined;
  }

  /** See {@link HubServer.publishCommit}. Publishes to one repo run one after another. */
  publish(repo: string, change: CommitChange): Promise<string> {
    const previous = this.#publishing.get(repo) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.#publish(repo, change));
    this.#publishing.set(repo, next);
    return next;
  }

  /** Removes the published commits' files. */
  async close(): Promise<void> {
    const dir = await this.#tempDir?.catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  }

  async #publish(repo: string, change: CommitChange): Promise<string> {
    checkPath(repo, 'repo');
    const parent = await this.#main(repo);
    if (!parent) throw new Error(`publishCommit: no repo ${repo} under ${this.#root}`);
    const files = new Map<string, StoredFile & { lastCommit?: string }>(parent.files);
    for (const path of change.delete ?? []) deletePath(files, path, repo);

    const index = ++this.#publishedCount;
    const dir = join(await this.#temp(), String(index));
    const written: string[] = [];
    for (const [path, bytes] of Object.entries(change.files ?? {})) {
      checkPath(path, 'file path');
      const absPath = join(dir, ...path.split('/'));
      await mkdir(dirname(absPath), { recursive: true });
      await writeFile(absPath, bytes);
      const info = await stat(absPath);
      files.set(path, { absPath, size: info.size, mtimeMs: info.mtimeMs });
      written.push(path);
    }
    checkNoFileIsAFolder(files);

    const sha = createHash('sha1')
      .update(`commit\0${repo}\0${parent.sha}\0${index}\0${Date.now()}\0${written.sort().join('\0')}`)
      .update(`\0${[...(change.delete ?? [])].sort().join('\0')}`)
      .digest('hex');
    const committed = sortedFiles(
      [...files].map(([path, file]) => [path, { ...file, lastCommit: file.lastCommit ?? sha }]),
    );
    this.#register({ sha, repo, title: change.message ?? 'Update files', date: new Date(), files: committed });
    this.#published.set(repo, sha);
    return sha;
  }

  /** `main`: the last published commit, or else the folder on disk as it is now. */
  async #main(repo: string): Promise<Commit | undefined> {
    const published = this.#published.get(repo);
    if (published) return this.#commits.get(repo)?.get(published);
    // Concurrent requests share one walk of the folder.
    let walk = this.#walks.get(repo);
    if (!walk) {
      walk = this.#walkBase(repo).finally(() => this.#walks.delete(repo));
      this.#walks.set(repo, walk);
    }
    return walk;
  }

  async #walkBase(repo: string): Promise<Commit | undefined> {
    const found = await walkRepo(join(this.#root, ...repo.split('/')));
    if (!found) return undefined;
    const hash = createHash('sha1').update(`${repo}\n`);
    let newest = 0;
    for (const [path, file] of found) {
      hash.update(`${path}\0${file.size}\0${file.mtimeMs}\n`);
      newest = Math.max(newest, file.mtimeMs);
    }
    const sha = hash.digest('hex');
    const seen = this.#commits.get(repo)?.get(sha);
    if (seen) return seen;
    const files = sortedFiles([...found].map(([path, file]) => [path, { ...file, lastCommit: sha }]));
    const date = new Date(newest > 0 ? Math.floor(newest / 1000) * 1000 : Date.now());
    return this.#register({ sha, repo, title: 'Files on disk', date, files });
  }

  #register(commit: Commit): Commit {
    let commits = this.#commits.get(commit.repo);
    if (!commits) this.#commits.set(commit.repo, (commits = new Map()));
    commits.set(commit.sha, commit);
    return commit;
  }

  #temp(): Promise<string> {
    this.#tempDir ??= mkdtemp(join(tmpdir(), 'hub-server-commits-'));
    return this.#tempDir;
  }
}

function sortedFiles(entries: [string, CommitFile][]): Map<string, CommitFile> {
  return new Map(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Removes a file, or a folder with everything in it; throws when `path` names neither. */
function deletePath(files: Map<string, unknown>, path: string, repo: string): void {
  if (files.delete(path)) return;
  const inside = [...files.keys()].filter((p) => p.startsWith(`${path}/`));
  if (inside.length === 0) throw new Error(`publishCommit: ${repo} has no file or folder ${JSON.stringify(path)} to delete`);
  for (const p of inside) files.delete(p);
}

/** A repo id or file path: `/`-separated, no empty, `.` or `..` part, no backslash or NUL. */
function checkPath(path: string, what: string): void {
  const ok =
    typeof path === 'string' &&
    path.split('/').every((s) => s !== '' && s !== '.' && s !== '..' && !s.includes('\\') && !s.includes('\0'));
  if (!ok) throw new TypeError(`publishCommit: bad ${what} ${JSON.stringify(path)}`);
}

/** Git cannot have `a` as a file and `a/b` as another. */
function checkNoFileIsAFolder(files: Map<string, unknown>): void {
  const folders = new Set<string>();
  for (const path of files.keys()) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  for (const path of files.keys()) {
    if (folders.has(path)) throw new Error(`publishCommit: ${JSON.stringify(path)} would be both a file and a folder`);
  }
}
