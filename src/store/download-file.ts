/**
 * Downloads one model file into the store: a probe for size and version, a
 * storage check, then the body in chunks — resuming with an HTTP `Range`
 * request from the last stored byte when an earlier attempt was cut short.
 */
import { Qwen3Error } from '../errors.js';
import { appendChunk, discardFile, readFileRecord, storedFileSha256, writeFileRecord } from './file-store.js';
import type { ModelStore } from './model-store.js';
import { emptyFileRecord, type FileId, type FileRecord } from './records.js';
import { remoteFileInfo, type RemoteFileInfo } from './remote-file.js';
import { ensureStorageRoom } from './storage-quota.js';

/** Bytes per stored chunk: large enough for few transactions, small enough to never matter in memory. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

/** How the download reaches the network and reports progress. */
export interface DownloadContext {
  store: ModelStore;
  /** The plain network fetch (already bound to the load's abort signal). */
  network: (url: string, init?: RequestInit) => Promise<Response>;
  onBytes: (loaded: number, total: number) => void;
}

/** The outcome: a complete record, or the server's answer when the file does not exist. */
export type DownloadResult = { record: FileRecord } | { missing: Response };

/**
 * Downloads `url` into the store (or finishes an interrupted download of it).
 * `known` is what a preflight probe already learned about the file; without
 * it the file is probed first.
 */
export async function downloadFile(context: DownloadContext, id: FileId, url: string, known?: RemoteFileInfo): Promise<DownloadResult> {
  let remote = known;
  if (!remote) {
    const probe = await context.network(url, { headers: { Range: 'bytes=0-0' }, cache: 'no-store' });
    if (probe.status !== 200 && probe.status !== 206) return { missing: probe };
    await probe.body?.cancel();
    remote = remoteFileInfo(probe);
  }
  let record = await reusablePartial(context.store, id, remote);
  await ensureStorageRoom(Math.max(0, remote.size - record.storedBytes), `Downloading ${id.model} (${id.file})`);
  if (record.storedBytes === 0) await writeFileRecord(context.store, record);

  const resumeFrom = record.storedBytes;
  const headers: Record<string, string> = resumeFrom > 0 ? { Range: `bytes=${resumeFrom}-` } : {};
  const response = await context.network(url, { headers, cache: 'no-store' });
  if (resumeFrom > 0 && response.status === 200) {
    // The server ignored the range: start over rather than duplicate bytes.
    await discardFile(context.store, record);
    record = emptyFileRecord(id, remote);
    await writeFileRecord(context.store, record);
  } else if (response.status !== 200 && response.status !== 206) {
    throw new Qwen3Error('NETWORK', `The host answered ${response.status} while downloading ${id.file}. Try again.`, {
      details: { file: id.file, status: response.status },
    });
  }
  record = await storeBody(context, record, response);
  return { record: await finish(context.store, record) };
}

/** A partial download of the same version to continue, or a fresh record. */
async function reusablePartial(store: ModelStore, id: FileId, remote: RemoteFileInfo): Promise<FileRecord> {
  const existing = await readFileRecord(store, id);
  if (existing && !existing.complete && existing.size === remote.size && existing.etag === remote.etag) return existing;
  if (existing) await discardFile(store, existing);
  return emptyFileRecord(id, remote);
}

/**
 * Streams the body into chunks. When the stream breaks (network cut, abort),
 * the bytes received so far are stored first, so the next attempt resumes
 * from the exact byte.
 */
async function storeBody(context: DownloadContext, start: FileRecord, response: Response): Promise<FileRecord> {
  let record = start;
  const reader = response.body!.getReader();
  const pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return;
    const chunk = new Uint8Array(pendingBytes);
    let offset = 0;
    for (const part of pending) {
      chunk.set(part, offset);
      offset += part.byteLength;
    }
    pending.length = 0;
    pendingBytes = 0;
    record = await appendChunk(context.store, record, chunk);
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pending.push(value);
      pendingBytes += value.byteLength;
      context.onBytes(record.storedBytes + pendingBytes, record.size);
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
  } catch (error) {
    await flush();
    if (Qwen3Error.isInstance(error)) throw error;
    throw new Qwen3Error(
      'NETWORK',
      `The download of ${record.file} was interrupted at ${record.storedBytes} of ${record.size} bytes. Load again to resume from there.`,
      { cause: error, details: { file: record.file, storedBytes: record.storedBytes, size: record.size } },
    );
  }
  await flush();
  return record;
}

/**
 * The stored record of a file. One that holds every byte but was never marked
 * complete — the tab closed, or the disk filled, between the last chunk and
 * the final record — is checked and completed here, without the network (a
 * Range from its end would be answered 416, and offline not at all). One that
 * fails the check is discarded: undefined, so it is downloaded afresh.
 */
export async function readStoredRecord(store: ModelStore, id: FileId): Promise<FileRecord | undefined> {
  const record = await readFileRecord(store, id);
  if (!record || record.complete || record.size <= 0 || record.storedBytes !== record.size) return record;
  try {
    return await finish(store, record);
  } catch (error) {
    if (Qwen3Error.isInstance(error) && error.code === 'INTEGRITY') return undefined;
    throw error;
  }
}

/** Checks size and SHA-256; marks the file complete, or discards it. */
async function finish(store: ModelStore, record: FileRecord): Promise<FileRecord> {
  if (record.size >= 0 && record.storedBytes < record.size) {
    throw new Qwen3Error('NETWORK', `The download of ${record.file} ended early (${record.storedBytes} of ${record.size} bytes). Load again to resume.`, {
      details: { file: record.file, storedBytes: record.storedBytes, size: record.size },
    });
  }
  const sizeOk = record.size < 0 || record.storedBytes === record.size;
  const hashOk = !record.sha256 || (await storedFileSha256(store, record)) === record.sha256;
  if (!sizeOk || !hashOk) {
    await discardFile(store, record);
    throw new Qwen3Error(
      'INTEGRITY',
      `The downloaded ${record.file} does not match the ${sizeOk ? 'SHA-256' : 'size'} the host announced; it was discarded. Load again to download it afresh.`,
      { details: { file: record.file } },
    );
  }
  const complete: FileRecord = { ...record, size: record.storedBytes, complete: true };
  await writeFileRecord(store, complete);
  return complete;
}
