import type { Answer } from './answer.js';
import type { Commit, CommitFile, CommitStore } from './commits.js';

/** A file of a commit, or the hub's error for why there is none. */
export type FileLookup = { kind: 'error'; answer: Answer } | { kind: 'file'; commit: Commit; file: CommitFile };

/** A commit, or the hub's error for why there is none. */
export type CommitLookup = { kind: 'error'; answer: Answer } | { kind: 'commit'; commit: Commit };

/**
 * The commit `revision` names, or huggingface.co's `404` for a missing repo (`RepoNotFound`)
 * or revision (`RevisionNotFound`, message `Invalid rev id: …` as the hub words it).
 */
export async function lookupCommit(commits: CommitStore, repo: string, revision: string): Promise<CommitLookup> {
  const found = await commits.lookup(repo, revision);
  switch (found.kind) {
    case 'repo-missing':
      return { kind: 'error', answer: { kind: 'error', status: 404, message: 'Repository not found', code: 'RepoNotFound' } };
    case 'revision-missing':
      return {
        kind: 'error',
        answer: { kind: 'error', status: 404, message: `Invalid rev id: ${revision}`, code: 'RevisionNotFound' },
      };
    case 'commit':
      return found;
  }
}

/** The file `path` at `revision`, or the hub's `404`; a missing entry carries `X-Repo-Commit`, as on huggingface.co. */
export async function lookupFile(commits: CommitStore, repo: string, revision: string, path: string): Promise<FileLookup> {
  const found = await lookupCommit(commits, repo, revision);
  if (found.kind === 'error') return found;
  const file = found.commit.files.get(path);
  if (file) return { kind: 'file', commit: found.commit, file };
  return {
    kind: 'error',
    answer: {
      kind: 'error',
      status: 404,
      message: 'Entry not found',
      code: 'EntryNotFound',
      headers: { 'X-Repo-Commit': found.commit.sha },
    },
  };
}
