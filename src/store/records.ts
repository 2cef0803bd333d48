/**
 * The records kept about stored files, models and branches, and their keys.
 *
 * Files are keyed by the commit they belong to, so files of two commits are
 * never mixed. Their bytes live under a blob key: the content hash when the
 * hub gave one (so a file unchanged between two commits is stored once, as in
 * huggingface_hub's `blobs/` folder), else the file key itself.
 */

/** How a stored file was checked once its last byte arrived. */
export type FileCheck = 'sha256' | 'git-sha1' | 'size';

/** What the store knows about one file of a model. */
export interface FileRecord {
  kind: 'file';
  model: string;
  /** The commit SHA (or, for a host without the hub's API, the branch name). */
  revision: string;
  /** Path inside the repo, e.g. `onnx/model_q4f16.onnx_data`. */
  file: string;
  /** Key prefix of the stored chunks (see {@link blobKeyOf}). */
  blob: string;
  /** Total bytes, as the hub announced them. */
  size: number;
  /** The server's ETag, unquoted: only a version tag for resuming, never taken for a hash. */
  etag: string | undefined;
  /** SHA-256 (hex) of the content, from the hub's API or its `X-Linked-Etag`. */
  sha256: string | undefined;
  /** Git blob SHA-1 (hex) of a small file, from the hub's API. */
  gitOid: string | undefined;
  contentType: string | undefined;
  /** Bytes stored so far: the sum of `chunkSizes`. */
  storedBytes: number;
  chunkSizes: number[];
  /** XXH3 checksum (hex) of each stored chunk, to detect damage on every read. */
  chunkDigests: string[];
  /** True once every byte is stored and checked. */
  complete: boolean;
  /** How the complete file was checked: by a content hash, or by its size alone when the hub gave no hash. */
  checkedBy?: FileCheck;
  updatedAt: number;
}

/** A model loaded once from the store: which files it uses. */
export interface ModelRecord {
  kind: 'model';
  model: string;
  /** The commit SHA (or the branch name, for a host without the hub's API). */
  revision: string;
  dtype: string;
  files: string[];
  createdAt: number;
  lastUsedAt: number;
}

/** A branch or tag, and the last commit of it that was stored complete. */
export interface RefRecord {
  kind: 'ref';
  model: string;
  /** The branch or tag, e.g. `main`. */
  ref: string;
  commit: string;
  updatedAt: number;
}

/** Identifies one file of one model revision. */
export interface FileId {
  model: string;
  revision: string;
  file: string;
}

/** What the hub says a file is: its size and, when known, its content hashes. */
export interface ExpectedFile {
  size: number;
  sha256?: string | undefined;
  gitOid?: string | undefined;
  /** The server's ETag, to resume only the same version when no hash is known. */
  etag?: string | undefined;
  contentType?: string | undefined;
}

/** Key of a file record. The host is not part of it: a mirror serves the same bytes. */
export const fileKey = (id: FileId): string => `file:${id.model}@${id.revision}:${id.file}`;

/** Key of chunk `index` of a file's bytes. Records from before blobs kept chunks under their file key. */
export const chunkKey = (record: FileId & { blob?: string }, index: number): string => `${record.blob ?? fileKey(record)}#${index}`;

/** Key of a model record. */
export const modelKey = (model: string, revision: string, dtype: string): string => `model:${model}@${revision}:${dtype}`;

/** Key of a ref record. */
export const refKey = (model: string, ref: string): string => `ref:${model}@${ref}`;

/** Where a file's bytes are kept: under its content hash when one is known, so commits share unchanged files. */
export function blobKeyOf(id: FileId, expected: ExpectedFile): string {
  if (expected.sha256) return `blob:sha256:${expected.sha256}`;
  if (expected.gitOid) return `blob:git:${expected.gitOid}`;
  return fileKey(id);
}

/** A fresh, empty record for a file about to be downloaded. */
export function emptyFileRecord(id: FileId, expected: ExpectedFile): FileRecord {
  return {
    kind: 'file',
    ...id,
    blob: blobKeyOf(id, expected),
    size: expected.size,
    etag: expected.etag,
    sha256: expected.sha256,
    gitOid: expected.gitOid,
    contentType: expected.contentType,
    storedBytes: 0,
    chunkSizes: [],
    chunkDigests: [],
    complete: false,
    updatedAt: Date.now(),
  };
}
