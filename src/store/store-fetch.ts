/**
 * The fetch that transformers.js uses for one load (`env.fetch`). Requests for
 * the model's own files are served from the store — downloaded into it first
 * when needed — so a model loaded once loads again with zero requests, even
 * offline. Anything else goes to the network unchanged.
 */
import { DEFAULT_REVISION } from '../core/defaults.js';
import { Qwen3Error } from '../errors.js';
import { obtainFile, readStoredRecord, shareStoredFile } from './download-file.js';
import { streamStoredFile } from './file-store.js';
import type { ModelStore } from './model-store.js';
import type { ExpectedFile, FileId, FileRecord } from './records.js';

/** Where a file's bytes came from, for progress reports. */
export type FileSource = 'download' | 'cache';

/** What a store-backed fetch needs to know about its load. */
export interface StoreFetchOptions {
  store: ModelStore;
  host: string;
  model: string;
  /** The commit files are requested at and stored under (the revision as given when no commit is known). */
  revision: string;
  /** The commit's files with sizes and hashes, when the hub's API listed them. */
  listed: Map<string, ExpectedFile> | undefined;
  /** Other names of the commit in URLs (the branch the load asked for): requested at the commit instead. */
  aliases?: string[];
  /** The network, bound to the load's abort signal. */
  network: (url: string, init?: RequestInit) => Promise<Response>;
  signal: AbortSignal;
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
  probed: Map<string, ExpectedFile>;
  /**
   * Rejects with the first failure of a model file in this load: a download
   * that failed, a stored file found damaged. The load races it, because
   * transformers.js 4.x loses the rejection of an external-data chunk's fetch
   * (it awaits inside an async Promise executor), and would wait forever.
   */
  failed: Promise<never>;
}

function rangeOf(init: RequestInit | undefined): string | null {
  return init?.headers ? new Headers(init.headers).get('range') : null;
}

function storedResponse(
  options: StoreFetchOptions,
  record: FileRecord,
  source: FileSource,
  result: StoreFetch,
  fail: (error: Qwen3Error) => void,
): Response {
  const body = streamStoredFile(
    options.store,
    record,
    (loaded) => options.onProgress(record.file, loaded, record.size, source),
    (error) => {
      result.damaged = error;
      fail(error);
    },
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

/** The hub's answer for a file its commit does not have, without asking again. */
function entryNotFound(file: string): Response {
  const headers = { 'content-type': 'application/json', 'x-error-code': 'EntryNotFound' };
  return new Response(JSON.stringify({ error: `${file} is not in this commit` }), { status: 404, headers });
}

/** Creates the fetch for one load. */
export function createStoreFetch(options: StoreFetchOptions): StoreFetch {
  const base = `${options.host.replace(/\/+$/, '')}/${options.model}/resolve/`;
  const prefix = `${base}${encodeURIComponent(options.revision)}/`;
  // transformers.js's tokenizer loader probes tokenizer_config.json at the
  // default revision whatever it is given: that name means this commit too.
  const aliases = [...new Set([DEFAULT_REVISION, ...(options.aliases ?? [])])].map((name) => `${base}${encodeURIComponent(name)}/`);
  let fail: (error: Qwen3Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  // Only a load that is still waiting observes it; a late failure is no one's to report.
  failed.catch(() => undefined);
  const result: StoreFetch = {
    filesUsed: new Set<string>(),
    damaged: undefined,
    probed: new Map(),
    failed,
    fetch: (input, init) => guarded(input, init),
  };
  const { filesUsed } = result;

  const storeFetch = async (input: string | URL, init?: RequestInit): Promise<Response> => {
    const alias = aliases.find((other) => String(input).startsWith(other));
    const url = alias ? prefix + String(input).slice(alias.length) : String(input);
    if (!url.startsWith(prefix)) return options.network(url, init);
    const id: FileId = { model: options.model, revision: options.revision, file: decodeURIComponent(url.slice(prefix.length)) };
    const listed = options.listed?.get(id.file);
    if (options.listed && !listed) return entryNotFound(id.file);
    // Stored for this commit, or for another with the same content.
    const stored = (await readStoredRecord(options.store, id)) ?? (listed && (await shareStoredFile(options.store, id, listed)));
    if (stored?.complete) {
      filesUsed.add(id.file);
      return rangeOf(init) === 'bytes=0-0' ? probeResponse(options, stored) : storedResponse(options, stored, 'cache', result, fail);
    }
    if (rangeOf(init)) return options.network(url, init);
    const known = listed ?? result.probed.get(id.file);
    result.probed.delete(id.file);
    const download = await obtainFile(
      {
        store: options.store,
        network: options.network,
        signal: options.signal,
        onBytes: (loaded, total) => options.onProgress(id.file, loaded, total, 'download'),
      },
      id,
      url,
      known,
    );
    if ('missing' in download) return download.missing;
    filesUsed.add(id.file);
    return storedResponse(options, download.record, 'download', result, fail);
  };

  async function guarded(input: string | URL, init?: RequestInit): Promise<Response> {
    try {
      return await storeFetch(input, init);
    } catch (error) {
      const failure = Qwen3Error.isInstance(error)
        ? error
        : new Qwen3Error('INTERNAL', `Reading or writing the model store failed: ${String(error)}`, { cause: error });
      fail(failure);
      throw failure;
    }
  }

  return result;
}
