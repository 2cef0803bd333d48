/**
 * Before any large download: learn the size of every file still missing from
 * the store (one `Range: bytes=0-0` probe each), fail with `QUOTA_EXCEEDED`
 * when they cannot fit, and give progress reports real totals from the start.
 */
import { readStoredRecord } from './download-file.js';
import type { ModelStore } from './model-store.js';
import { remoteFileInfo, type RemoteFileInfo } from './remote-file.js';
import { ensureStorageRoom } from './storage-quota.js';

/** Size and stored bytes of one expected file. */
export interface PlannedFile {
  file: string;
  size: number;
  storedBytes: number;
  complete: boolean;
  /** What the probe learned, so the download need not ask again. */
  remote?: RemoteFileInfo;
}

/** Probes the files a load will need and checks they fit. */
export async function preflightDownload(options: {
  store: ModelStore;
  model: string;
  revision: string;
  /** URL of a file of the model. */
  urlOf: (file: string) => string;
  network: (url: string, init?: RequestInit) => Promise<Response>;
  files: string[];
}): Promise<PlannedFile[]> {
  const planned: PlannedFile[] = [];
  for (const file of options.files) {
    const record = await readStoredRecord(options.store, { model: options.model, revision: options.revision, file });
    if (record?.complete) {
      planned.push({ file, size: record.size, storedBytes: record.size, complete: true });
      continue;
    }
    const probe = await options.network(options.urlOf(file), { headers: { Range: 'bytes=0-0' }, cache: 'no-store' });
    await probe.body?.cancel();
    // Optional files may not exist; the load itself decides whether that matters.
    if (probe.status !== 200 && probe.status !== 206) continue;
    const remote = remoteFileInfo(probe);
    const resumable = record && record.etag === remote.etag && record.size === remote.size ? record.storedBytes : 0;
    planned.push({ file, size: remote.size, storedBytes: resumable, complete: false, remote });
  }
  const missing = planned.reduce((sum, file) => sum + Math.max(0, file.size - file.storedBytes), 0);
  await ensureStorageRoom(missing, `Model ${options.model}`);
  return planned;
}
