/**
 * Makes one model file complete in the store: found there, shared with an
 * identical file of another commit, or downloaded in chunks — resuming with an
 * HTTP `Range` request where an earlier attempt was cut — and checked against
 * the size and content hash the hub announced. One context of the origin
 * downloads a file at a time; the others wait, then read what it stored.
 */
import { del } from 'idb-keyval';
import { Qwen3Error } from '../errors.js';
import { storeBody } from './body-writer.js';
import { withDownloadLock } from './download-lock.js';
import { discardBlob, discardFile, readFileRecord, recordsUsingBlob, storedFileDigest, writeFileRecord } from './file-store.js';
import type { ModelStore } from './model-store.js';
import { blobKeyOf, emptyFileRecord, fileKey, type ExpectedFile, type FileCheck, type FileId, type FileRecord } from './records.js';
import { remoteFileInfo } from './remote-file.js';
import { ensureStorageRoom } from './storage-quota.js';

/** How the download reaches the network and reports progress. */
export interface DownloadContext {
  store: ModelStore;
  /** The plain network fetch (already bound to the load's abort signal). */
  network: (url: string, init?: RequestInit) => Promise<Response>;
  /** The load's signal: gives up waiting for another context's download. */
  signal?: AbortSignal;
  onBytes: (loaded: number, total: number) => void;
}

/** The outcome: a complete record, or the server's answer when the file does not exist. */
export type DownloadResult = { record: FileRecord } | { missing: Response };

/**
 * Makes `url` complete in the store. `expected` is what the hub's API (or a
 * preflight probe) said of the file; without it the file is probed first.
 * Bytes that fail their check are discarded and downloaded once more.
 */
export async function obtainFile(context: DownloadContext, id: FileId, url: string, expected?: ExpectedFile): Promise<DownloadResult> {
  let target = expected;
  if (!target) {
    const probe = await context.network(url, { headers: { Range: 'bytes=0-0' }, cache: 'no-store' });
    if (probe.status !== 200 && probe.status !== 206) return { missing: probe };
    await probe.body?.cancel();
    target = remoteFileInfo(probe);
  }
  const wanted = target;
  return withDownloadLock(context.store, blobKeyOf(id, wanted), context.signal, async () => {
    // Another tab may have stored it while this one waited, or another commit holds the same bytes.
    const stored = await readStoredRecord(context.store, id);
    if (stored?.complete) return { record: stored };
    const shared = await shareStoredFile(context.store, id, wanted);
    if (shared) return { record: shared };
    try {
      return { record: await downloadFile(context, id, url, wanted) };
    } catch (error) {
      if (!Qwen3Error.isInstance(error) || error.code !== 'INTEGRITY') throw error;
      // The bad bytes are gone; one fresh download (a CDN hiccup) before giving up.
      return { record: await downloadFile(context, id, url, wanted) };
    }
  });
}

/** Downloads (or finishes) one file; the caller holds its lock. */
async function downloadFile(context: DownloadContext, id: FileId, url: string, expected: ExpectedFile): Promise<FileRecord> {
  const { store } = context;
  let record = await adoptPartial(store, id, expected);
  await ensureStorageRoom(Math.max(0, expected.size - record.storedBytes), `Downloading ${id.model} (${id.file})`);
  if (record.storedBytes === 0) await writeFileRecord(store, record);

  const resumeFrom = record.storedBytes;
  const headers: Record<string, string> = resumeFrom > 0 ? { Range: `bytes=${resumeFrom}-` } : {};
  const response = await context.network(url, { headers, cache: 'no-store' });
  if (resumeFrom > 0 && response.status === 200) {
    // The server ignored the range: start over rather than duplicate bytes.
    await discardBlob(store, record);
    record = emptyFileRecord(id, expected);
    await writeFileRecord(store, record);
  } else if (response.status !== 200 && response.status !== 206) {
    await response.body?.cancel();
    throw new Qwen3Error('NETWORK', `The host answered ${response.status} while downloading ${id.file}. Try again.`, {
      details: { file: id.file, status: response.status },
    });
  }
  record.contentType ??= response.headers.get('content-type') ?? undefined;
  record = await storeBody({ store, onBytes: context.onBytes }, record, response);
  return finish(store, record);
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

/**
 * A file unchanged between two commits has the same content hash: the new
 * commit's record points at the bytes already stored, with no download.
 */
export async function shareStoredFile(store: ModelStore, id: FileId, expected: ExpectedFile): Promise<FileRecord | undefined> {
  const blob = blobKeyOf(id, expected);
  if (blob === fileKey(id)) return undefined;
  const source = (await recordsUsingBlob(store, blob)).find((record) => record.complete && record.size === expected.size);
  if (!source) return undefined;
  const shared: FileRecord = { ...source, ...id };
  await writeFileRecord(store, shared);
  return shared;
}

/**
 * The partial download to continue: this file's own, or one of the same bytes
 * left by another commit (taken over, since both would write the same
 * chunks). Anything else under those bytes, or this file's record of other
 * bytes, is dropped.
 */
async function adoptPartial(store: ModelStore, id: FileId, expected: ExpectedFile): Promise<FileRecord> {
  const blob = blobKeyOf(id, expected);
  const own = await readFileRecord(store, id);
  if (own && (own.blob ?? fileKey(own)) !== blob) await discardFile(store, own);
  const hashKnown = Boolean(expected.sha256 || expected.gitOid);
  const partials = (await recordsUsingBlob(store, blob)).filter((record) => !record.complete);
  const [usable] = partials
    .filter((record) => record.size === expected.size && (hashKnown || record.etag === expected.etag))
    .sort((a, b) => b.storedBytes - a.storedBytes);
  for (const other of partials) if (other !== usable) await discardFile(store, other);
  if (!usable) return emptyFileRecord(id, expected);
  if (fileKey(usable) === fileKey(id)) return usable;
  await del(fileKey(usable), store.records);
  const adopted: FileRecord = { ...usable, ...id };
  await writeFileRecord(store, adopted);
  return adopted;
}

/** Checks size and content hash; marks the file complete, or discards its bytes. */
async function finish(store: ModelStore, record: FileRecord): Promise<FileRecord> {
  if (record.size >= 0 && record.storedBytes < record.size) {
    throw new Qwen3Error('NETWORK', `The download of ${record.file} ended early (${record.storedBytes} of ${record.size} bytes). Load again to resume.`, {
      details: { file: record.file, storedBytes: record.storedBytes, size: record.size },
    });
  }
  const check: FileCheck = record.sha256 ? 'sha256' : record.gitOid ? 'git-sha1' : 'size';
  const sizeOk = record.size < 0 || record.storedBytes === record.size;
  const hashOk = check === 'size' || (await storedFileDigest(store, record, check)) === (record.sha256 ?? record.gitOid);
  if (!sizeOk || !hashOk) {
    await discardBlob(store, record);
    throw new Qwen3Error(
      'INTEGRITY',
      `The downloaded ${record.file} does not match the ${sizeOk ? (check === 'sha256' ? 'SHA-256' : 'git hash') : 'size'} the hub announced; it was discarded. Load again to download it afresh.`,
      { details: { file: record.file, check, source: 'download' } },
    );
  }
  const complete: FileRecord = { ...record, size: record.storedBytes, complete: true, checkedBy: check };
  await writeFileRecord(store, complete);
  return complete;
}
