/**
 * Stored KV caches of conversation prefixes (a long system prompt, a
 * document, tool definitions), so that an app pays for their prefill once
 * per device instead of once per visit. A prefix is keyed by model, commit,
 * dtype and a hash of its token ids; its tensors live in the chunk database
 * beside the weights, one value per tensor, under the record's key.
 *
 * The model store's consistency rule holds here too: tensors are written
 * before the record that lists them, and the record is deleted before them.
 * Every tensor carries a checksum, checked on each read: a damaged prefix is
 * deleted and read as missing (the engine then prefills, as without it).
 */
import { del, delMany, get, getMany, set, setMany } from 'idb-keyval';
import { chunkDigest, createFileHasher } from './digest.js';
import type { ModelStore } from './model-store.js';
import { Qwen3Error } from '../errors.js';
import { ensureStorageRoom, isQuotaError } from './storage-quota.js';

/** One tensor of a stored prefix, e.g. `past_key_values.0.key`. */
export interface StoredTensorInfo {
  name: string;
  type: 'float32' | 'float16';
  dims: number[];
  byteLength: number;
  /** XXH3 of its bytes. */
  digest: string;
}

/** A stored prefix KV cache. */
export interface PrefixRecord {
  kind: 'prefix';
  model: string;
  /** The commit its model files came from. */
  revision: string;
  dtype: string;
  /** Hash of `tokens` (hex). */
  id: string;
  /** The token ids the cache holds, one per position. */
  tokens: number[];
  tensors: StoredTensorInfo[];
  /** Bytes of all tensors. */
  bytes: number;
  /** Where it was computed (`webgpu` or `wasm`); either device reads it. */
  device: string;
  createdAt: number;
  lastUsedAt: number;
}

/** A tensor's name, shape and bytes. */
export interface TensorBytes {
  name: string;
  type: 'float32' | 'float16';
  dims: number[];
  data: Uint8Array;
}

/** Key of a prefix record. */
export const prefixKey = (record: Pick<PrefixRecord, 'model' | 'revision' | 'dtype' | 'id'>): string =>
  `prefix:${record.model}@${record.revision}:${record.dtype}:${record.id}`;

const tensorKey = (record: PrefixRecord, index: number): string => `${prefixKey(record)}#${index}`;

/** Hash of a token sequence (SHA-256 of its int32 bytes, hex). */
export async function tokensId(tokens: readonly number[]): Promise<string> {
  const bytes = new Uint8Array(Int32Array.from(tokens).buffer);
  const hasher = await createFileHasher('sha256', bytes.byteLength);
  hasher.update(bytes);
  return hasher.hex();
}

/** Writes a prefix's tensors, then its record (checking the quota first). Returns the record. */
export async function writePrefix(
  store: ModelStore,
  prefix: Omit<PrefixRecord, 'kind' | 'id' | 'tensors' | 'bytes' | 'createdAt' | 'lastUsedAt'>,
  tensors: readonly TensorBytes[],
): Promise<PrefixRecord> {
  const bytes = tensors.reduce((sum, tensor) => sum + tensor.data.byteLength, 0);
  await ensureStorageRoom(bytes, `Storing the KV cache of a ${prefix.tokens.length}-token prefix`);
  const now = Date.now();
  const infos = await Promise.all(
    tensors.map(async ({ name, type, dims, data }) => ({ name, type, dims: [...dims], byteLength: data.byteLength, digest: await chunkDigest(data) })),
  );
  const record: PrefixRecord = { kind: 'prefix', ...prefix, id: await tokensId(prefix.tokens), tensors: infos, bytes, createdAt: now, lastUsedAt: now };
  try {
    await setMany(
      tensors.map((tensor, index) => [tensorKey(record, index), tensor.data] as [string, Uint8Array]),
      store.chunks,
    );
    await set(prefixKey(record), record, store.records);
  } catch (error) {
    // No record was written, so nothing claims the tensors: drop them.
    await delMany(record.tensors.map((_, index) => tensorKey(record, index)), store.chunks).catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    throw isQuotaError(error)
      ? new Qwen3Error('QUOTA_EXCEEDED', `The browser's storage is full: the ${prefix.tokens.length}-token prefix's KV cache (${bytes} bytes) was not stored. Delete cached models to make room.`, { cause: error, details: { neededBytes: bytes } })
      : new Qwen3Error('INTERNAL', `Storing the prefix's KV cache failed (${message}); nothing was stored.`, { cause: error });
  }
  return record;
}

/**
 * Reads a prefix's tensors, checking each; a damaged or incomplete prefix is
 * deleted and reads as `undefined`.
 */
export async function readPrefix(store: ModelStore, record: PrefixRecord): Promise<TensorBytes[] | undefined> {
  const values = await getMany<Uint8Array | undefined>(record.tensors.map((_, index) => tensorKey(record, index)), store.chunks);
  const tensors: TensorBytes[] = [];
  for (const [index, info] of record.tensors.entries()) {
    const data = values[index];
    if (!data || data.byteLength !== info.byteLength || (await chunkDigest(data)) !== info.digest) {
      await deletePrefix(store, record);
      return undefined;
    }
    tensors.push({ name: info.name, type: info.type, dims: info.dims, data });
  }
  await set(prefixKey(record), { ...record, lastUsedAt: Date.now() } satisfies PrefixRecord, store.records);
  return tensors;
}

/** Deletes a prefix: its record first, then its tensors. Returns the bytes freed. */
export async function deletePrefix(store: ModelStore, record: PrefixRecord): Promise<number> {
  const current = await get<PrefixRecord>(prefixKey(record), store.records);
  await del(prefixKey(record), store.records);
  await delMany(record.tensors.map((_, index) => tensorKey(record, index)), store.chunks);
  return current?.bytes ?? 0;
}
