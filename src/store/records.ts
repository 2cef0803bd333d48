/**
 * The records kept about stored files and models, and their keys.
 */

/** What the store knows about one file of a model. */
export interface FileRecord {
  kind: 'file';
  model: string;
  revision: string;
  /** Path inside the repo, e.g. `onnx/model_q4f16.onnx_data`. */
  file: string;
  /** Total bytes, as the server announced them. */
  size: number;
  /** The server's ETag, unquoted; a resume only continues the same version. */
  etag: string | undefined;
  /** SHA-256 (hex) the hub gives for large (LFS) files. */
  sha256: string | undefined;
  contentType: string | undefined;
  /** Bytes stored so far: the sum of `chunkSizes`. */
  storedBytes: number;
  chunkSizes: number[];
  /** XXH3 checksum (hex) of each stored chunk, to detect damage on every read. */
  chunkDigests: string[];
  /** True once every byte is stored and checked. */
  complete: boolean;
  updatedAt: number;
}

/** A model loaded once from the store: which files it uses. */
export interface ModelRecord {
  kind: 'model';
  model: string;
  revision: string;
  dtype: string;
  files: string[];
  createdAt: number;
  lastUsedAt: number;
}

/** Identifies one file of one model revision. */
export interface FileId {
  model: string;
  revision: string;
  file: string;
}

/** Key of a file record. The host is not part of it: a mirror serves the same bytes. */
export const fileKey = (id: FileId): string => `file:${id.model}@${id.revision}:${id.file}`;

/** Key of chunk `index` of a file. */
export const chunkKey = (id: FileId, index: number): string => `${fileKey(id)}#${index}`;

/** Key of a model record. */
export const modelKey = (model: string, revision: string, dtype: string): string => `model:${model}@${revision}:${dtype}`;

/** A fresh, empty record for a file about to be downloaded. */
export function emptyFileRecord(id: FileId, meta: { size: number; etag?: string; sha256?: string; contentType?: string }): FileRecord {
  return {
    kind: 'file',
    ...id,
    size: meta.size,
    etag: meta.etag,
    sha256: meta.sha256,
    contentType: meta.contentType,
    storedBytes: 0,
    chunkSizes: [],
    chunkDigests: [],
    complete: false,
    updatedAt: Date.now(),
  };
}
