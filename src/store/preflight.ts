/**
 * Before any large download: learn the size of every file still missing from
 * the store — from the hub's API when it answered, else with one
 * `Range: bytes=0-0` probe each — fail with `QUOTA_EXCEEDED` when they cannot
 * fit, and give progress reports real totals from the start.
 */
import { readStoredRecord } from './download-file.js';
import { recordsUsingBlob } from './file-store.js';
import type { ModelStore } from './model-store.js';
import { blobKeyOf, type ExpectedFile, type FileId } from './records.js';
import { remoteFileInfo } from './remote-file.js';
import { ensureStorageRoom } from './storage-quota.js';

/** Size and stored bytes of one expected file. */
export interface PlannedFile {
  file: string;
  size: number;
  storedBytes: number;
  complete: boolean;
  /** What the hub said of the file, so the download need not ask again. */
  expected?: ExpectedFile;
}

/** Sizes the files a load will need and checks they fit. */
export async function preflightDownload(options: {
  store: ModelStore;
  model: string;
  /** The commit (or revision) files are stored under. */
  revision: string;
  /** The commit's files, when the hub's API listed them. */
  listed: Map<string, ExpectedFile> | undefined;
  /** URL of a file of the model. */
  urlOf: (file: string) => string;
  network: (url: string, init?: RequestInit) => Promise<Response>;
  files: string[];
}): Promise<PlannedFile[]> {
  const planned: PlannedFile[] = [];
  for (const file of options.files) {
    const id: FileId = { model: options.model, revision: options.revision, file };
    const record = await readStoredRecord(options.store, id);
    if (record?.complete) {
      planned.push({ file, size: record.size, storedBytes: record.size, complete: true });
      continue;
    }
    const expected = options.listed ? options.listed.get(file) : await probe(options, file);
    // Optional files may not exist; the load itself decides whether that matters.
    if (!expected) continue;
    const stored = await storedBytesOf(options.store, id, expected);
    planned.push({ file, size: expected.size, storedBytes: stored, complete: stored === expected.size, expected });
  }
  const missing = planned.reduce((sum, file) => sum + Math.max(0, file.size - file.storedBytes), 0);
  await ensureStorageRoom(missing, `Model ${options.model}`);
  return planned;
}

async function probe(options: { urlOf: (file: string) => string; network: (url: string, init?: RequestInit) => Promise<Response> }, file: string) {
  const response = await options.network(options.urlOf(file), { headers: { Range: 'bytes=0-0' }, cache: 'no-store' });
  await response.body?.cancel();
  return response.status === 200 || response.status === 206 ? remoteFileInfo(response) : undefined;
}

/** Bytes of the file already stored: all of them when another commit holds the same content, or a partial download's. */
async function storedBytesOf(store: ModelStore, id: FileId, expected: ExpectedFile): Promise<number> {
  const sameBytes = (await recordsUsingBlob(store, blobKeyOf(id, expected))).filter((record) => record.size === expected.size);
  if (sameBytes.some((record) => record.complete)) return expected.size;
  const hashKnown = Boolean(expected.sha256 || expected.gitOid);
  return Math.max(0, ...sameBytes.filter((record) => hashKnown || record.etag === expected.etag).map((record) => record.storedBytes));
}
