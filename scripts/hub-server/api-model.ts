/**
 * `GET /api/models/{repo}[/revision/{rev}][?blobs=true]`, as huggingface_hub's `model_info`
 * (`files_metadata=True` sends `blobs=True`; hf_api.py `ModelInfo` / `RepoSibling`) and
 * `@huggingface/hub`'s `modelInfo` (`ApiModelInfo`) read it, with the field names of the JSON
 * huggingface.co returns (huggingface_hub's test cassettes):
 *   { _id, id, modelId, author, sha, lastModified, private, gated, disabled, downloads, likes, tags, siblings }
 * Each sibling is `{ rfilename }`; with `blobs` it also has `blobId` (git blob id: of the content, or
 * of the LFS pointer), `size` (the real size) and, for LFS files, `lfs: { sha256, size, pointerSize }`.
 */
import { createHash } from 'node:crypto';
import { blobInfo } from './blob-info.js';
import type { Commit } from './commits.js';
import type { HubState } from './state.js';

/** One `siblings` item. */
export interface Sibling {
  rfilename: string;
  blobId?: string;
  size?: number;
  lfs?: { sha256: string; size: number; pointerSize: number };
}

/** The model-info JSON for `commit`. `announce` gives a size an announce-length fault puts in place of the real one. */
export async function modelInfo(
  state: HubState,
  commit: Commit,
  options: { blobs: boolean; announce(path: string): number | undefined },
): Promise<Record<string, unknown>> {
  const siblings = await Promise.all(
    [...commit.files].map(async ([path, file]): Promise<Sibling> => {
      if (!options.blobs) return { rfilename: path };
      const info = await blobInfo(state.hashes, path, file);
      const size = options.announce(path) ?? info.size;
      return {
        rfilename: path,
        blobId: info.blobId,
        size,
        ...(info.lfs ? { lfs: { sha256: info.lfs.sha256, size, pointerSize: info.lfs.pointerSize } } : {}),
      };
    }),
  );
  return {
    // The hub's `_id` is a 24-hex MongoDB id; a hash of the repo id keeps it stable.
    _id: createHash('sha1').update(commit.repo).digest('hex').slice(0, 24),
    id: commit.repo,
    private: false,
    tags: [],
    downloads: 0,
    likes: 0,
    modelId: commit.repo,
    author: commit.repo.includes('/') ? commit.repo.slice(0, commit.repo.indexOf('/')) : commit.repo,
    sha: commit.sha,
    lastModified: commit.date.toISOString(),
    gated: false,
    disabled: false,
    siblings,
  };
}
