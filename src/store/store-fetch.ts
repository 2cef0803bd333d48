/**
 * The fetch that transformers.js uses for one load (`env.fetch`). Requests for
 * the model's own files are served from the store — downloaded into it first
 * when needed — so a model loaded once loads again with zero requests, even
 * offline. Anything else goes to the network unchanged.
 */
import { Qwen3Error } from '../errors.js';
import { downloadFile, readStoredRecord } from './download-file.js';
import { streamStoredFile } from './file-store.js';
import type { ModelStore } from './model-store.js';
import type { FileId, FileRecord } from './records.js';
import type { RemoteFileInfo } from './remote-file.js';

/** Where a file's bytes came from, for progress reports. */
export type FileSource = 'download' | 'cache';

/** What a store-backed fetch needs to know about its load. */
export interface StoreFetchOptions {
  store: ModelStore;
  host: string;
  model: string;
  revision: string;
  /** The network, bound to the load's abort signal. */
  network: (url: string, init?: RequestInit) => Promise<Response>;
  onProgress: (file: string, loaded: number, total: number, source: FileSource) => void;
}

/** A fetch for `env.fetch`, plus the files it served (to record the model). */
export interface StoreFetch {
  fetch: (input: string | URL, init?: RequestInit) => Promise<Response>;
  /** Files served from or stored into the store during this load. */
  filesUsed: Set<string>;
  /** Set when a stored file was found damaged (and discarded) during this load. */
  damaged: Qwen3Error | undefined;
  /** Size and version of files already probed (by the preflight), used once each. */
  probed: Map<string, RemoteFileInfo>;
}

function rangeOf(init: RequestInit | undefined): string | null {
  return init?.headers ? new Headers(init.headers).get('range') : null;
}

function storedResponse(options: StoreFetchOptions, record: FileRecord, source: FileSource, result: StoreFetch): Response {
  const body = streamStoredFile(
    options.store,
    record,
    (loaded) => options.onProgress(record.file, loaded, record.size, source),
    (error) => (result.damaged = error),
  );
  const headers = new Headers({ 'content-length': String(record.size) });
  if (record.contentType) headers.set('content-type', record.contentType);
  if (record.etag) headers.set('etag', `"${record.etag}"`);
  return new Response(body, { status: 200, headers });
}

/** Answers a size probe (`Range: bytes=0-0`) from a complete record without the network. */
async function probeResponse(options: StoreFetchOptions, record: FileRecord): Promise<Response> {
  const reader = streamStoredFile(options.store, record, () => undefined).getReader();
  const first = await reader.read();
  await reader.cancel();
  const headers = new Headers({ 'content-range': `bytes 0-0/${record.size}`, 'content-length': '1' });
  return new Response((first.value ?? new Uint8Array(1)).slice(0, 1), { status: 206, headers });
}

/** Creates the fetch for one load. */
export function createStoreFetch(options: StoreFetchOptions): StoreFetch {
  const prefix = `${options.host.replace(/\/+$/, '')}/${options.model}/resolve/${encodeURIComponent(options.revision)}/`;
  const result: StoreFetch = {
    filesUsed: new Set<string>(),
    damaged: undefined,
    probed: new Map(),
    fetch: (input, init) => guarded(input, init),
  };
  const { filesUsed } = result;

  const storeFetch = async (input: string | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    if (!url.startsWith(prefix)) return options.network(url, init);
    const id: FileId = { model: options.model, revision: options.revision, file: decodeURIComponent(url.slice(prefix.length)) };
    const stored = await readStoredRecord(options.store, id);
    if (stored?.complete) {
      filesUsed.add(id.file);
      return rangeOf(init) === 'bytes=0-0' ? probeResponse(options, stored) : storedResponse(options, stored, 'cache', result);
    }
    if (rangeOf(init)) return options.network(url, init);
    const known = result.probed.get(id.file);
    result.probed.delete(id.file);
    const download = await downloadFile(
      { store: options.store, network: options.network, onBytes: (loaded, total) => options.onProgress(id.file, loaded, total, 'download') },
      id,
      url,
      known,
    );
    if ('missing' in download) return download.missing;
    filesUsed.add(id.file);
    return storedResponse(options, download.record, 'download', result);
  };

  async function guarded(input: string | URL, init?: RequestInit): Promise<Response> {
    try {
      return await storeFetch(input, init);
    } catch (error) {
      if (Qwen3Error.isInstance(error)) throw error;
      throw new Qwen3Error('INTERNAL', `Reading or writing the model store failed: ${String(error)}`, { cause: error });
    }
  }

  return result;
}
