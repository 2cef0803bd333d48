/**
 * Reading and writing one file's chunks, keeping the consistency rule of
 * `model-store.ts`. Every failure is a `Qwen3Error`.
 */
import { del, delMany, get, set, values } from 'idb-keyval';
import { Qwen3Error } from '../errors.js';
import { chunkDigest, createFileHasher, type FileDigest } from './digest.js';
import type { ModelStore } from './model-store.js';
import { chunkKey, fileKey, type FileId, type FileRecord } from './records.js';
import { isQuotaError } from './storage-quota.js';

/** Reads a file's record. */
export function readFileRecord(store: ModelStore, id: FileId): Promise<FileRecord | undefined> {
  return get<FileRecord>(fileKey(id), store.records);
}

/** Writes a file's record. */
export async function writeFileRecord(store: ModelStore, record: FileRecord): Promise<void> {
  await guardQuota(() => set(fileKey(record), { ...record, updatedAt: Date.now() }, store.records), record);
}

/** Appends one chunk: the bytes first, then the record that counts them. Returns the new record. */
export async function appendChunk(store: ModelStore, record: FileRecord, bytes: Uint8Array): Promise<FileRecord> {
  const index = record.chunkSizes.length;
  const digest = await chunkDigest(bytes);
  await guardQuota(() => set(chunkKey(record, index), bytes, store.chunks), record);
  const next: FileRecord = {
    ...record,
    storedBytes: record.storedBytes + bytes.byteLength,
    chunkSizes: [...record.chunkSizes, bytes.byteLength],
    chunkDigests: [...record.chunkDigests, digest],
  };
  await writeFileRecord(store, next);
  return next;
}

/**
 * Removes a file's record, then its chunks unless another record (a file
 * unchanged in another commit) still uses them. Returns the bytes freed.
 */
export async function discardFile(store: ModelStore, record: FileRecord): Promise<number> {
  await del(fileKey(record), store.records);
  if ((await recordsUsingBlob(store, blobOf(record))).length) return 0;
  await deleteChunks(store, record);
  return record.storedBytes;
}

/**
 * Removes a file's bytes and every record that uses them: the bytes are
 * damaged, or failed their check, for every commit that shares them.
 */
export async function discardBlob(store: ModelStore, record: FileRecord): Promise<void> {
  const users = await recordsUsingBlob(store, blobOf(record));
  await delMany([fileKey(record), ...users.map(fileKey)], store.records);
  await deleteChunks(store, record);
}

/** The records whose bytes are stored under `blob`. */
export async function recordsUsingBlob(store: ModelStore, blob: string): Promise<FileRecord[]> {
  const all = await values<FileRecord | { kind: string }>(store.records);
  return all.filter((value): value is FileRecord => value.kind === 'file' && blobOf(value as FileRecord) === blob);
}

function blobOf(record: FileRecord): string {
  return record.blob ?? fileKey(record);
}

async function deleteChunks(store: ModelStore, record: FileRecord): Promise<void> {
  const keys = record.chunkSizes.map((_, index) => chunkKey(record, index));
  // A chunk written just before an interrupted record update may exist past the count.
  keys.push(chunkKey(record, record.chunkSizes.length));
  await delMany(keys, store.chunks);
}

/**
 * Streams a stored file, checking every chunk against its digest. A missing
 * or altered chunk discards the file and fails the stream with `INTEGRITY`,
 * so the next load downloads it again.
 */
export function streamStoredFile(
  store: ModelStore,
  record: FileRecord,
  onBytes: (loaded: number) => void,
  onDamaged: (error: Qwen3Error) => void = () => undefined,
): ReadableStream<Uint8Array> {
  let index = 0;
  let loaded = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (index >= record.chunkSizes.length) {
        controller.close();
        return;
      }
      const bytes = await get<Uint8Array>(chunkKey(record, index), store.chunks);
      const intact =
        bytes instanceof Uint8Array &&
        bytes.byteLength === record.chunkSizes[index] &&
        (await chunkDigest(bytes)) === record.chunkDigests[index];
      if (!intact) {
        await discardBlob(store, record);
        const error = new Qwen3Error(
          'INTEGRITY',
          `The stored copy of ${record.file} is damaged (chunk ${index}); it was removed and will be downloaded again.`,
          { details: { file: record.file, chunk: index, source: 'store' } },
        );
        // The reader of a Response body sees only a generic TypeError, so tell the load directly.
        onDamaged(error);
        controller.error(error);
        return;
      }
      index++;
      loaded += bytes.byteLength;
      onBytes(loaded);
      controller.enqueue(bytes);
    },
  });
}

/** The digest (SHA-256, or git's blob SHA-1) of everything stored for a file, read back chunk by chunk. */
export async function storedFileDigest(store: ModelStore, record: FileRecord, kind: FileDigest): Promise<string> {
  const hasher = await createFileHasher(kind, record.storedBytes);
  for (let index = 0; index < record.chunkSizes.length; index++) {
    const bytes = await get<Uint8Array>(chunkKey(record, index), store.chunks);
    if (!bytes) return '';
    hasher.update(bytes);
  }
  return hasher.hex();
}

async function guardQuota<T>(write: () => Promise<T>, record: FileRecord): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isQuotaError(error)) throw error;
    throw new Qwen3Error(
      'QUOTA_EXCEEDED',
      `The browser's storage is full while saving ${record.file} (${record.storedBytes} of ${record.size} bytes kept). Free some space or delete cached models with deleteCachedModel(), then load again: the download resumes.`,
      { cause: error, details: { file: record.file, storedBytes: record.storedBytes, size: record.size } },
    );
  }
}
