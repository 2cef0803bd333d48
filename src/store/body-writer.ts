/**
 * Streams a response body into the store in chunks. Reading runs ahead of
 * IndexedDB: a body that breaks (a cut, a reset) discards whatever the
 * browser had received but the page had not yet read, so the page reads as
 * fast as bytes arrive and writes behind, holding at most
 * `MAX_BUFFERED_BYTES`. Every byte read before a cut is stored, so the next
 * attempt resumes from the exact byte.
 */
import { Qwen3Error } from '../errors.js';
import { appendChunk } from './file-store.js';
import type { ModelStore } from './model-store.js';
import type { FileRecord } from './records.js';

/** Bytes per stored chunk: large enough for few transactions, small enough to never matter in memory. */
export const CHUNK_BYTES = 4 * 1024 * 1024;
/** Bytes read but not yet written before reading waits for the writes. */
const MAX_BUFFERED_BYTES = 16 * CHUNK_BYTES;

/** Appends `response`'s body to `start`'s chunks; returns the record that counts them. */
export async function storeBody(
  context: { store: ModelStore; onBytes: (loaded: number, total: number) => void },
  start: FileRecord,
  response: Response,
): Promise<FileRecord> {
  let record = start;
  let received = start.storedBytes;
  let unwritten = 0;
  let writeError: unknown;
  let writes = Promise.resolve();
  const pending: Uint8Array[] = [];
  let pendingBytes = 0;

  // Chunks are written strictly in order; after a failed write none follows,
  // so a record never counts a chunk written out of place.
  const flush = (): void => {
    if (pendingBytes === 0) return;
    const chunk = concat(pending, pendingBytes);
    pending.length = 0;
    pendingBytes = 0;
    writes = writes.then(async () => {
      if (writeError !== undefined) return;
      try {
        record = await appendChunk(context.store, record, chunk);
      } catch (error) {
        writeError = error;
      }
      unwritten -= chunk.byteLength;
    });
  };

  const reader = response.body!.getReader();
  try {
    for (;;) {
      if (writeError !== undefined) break;
      if (unwritten > MAX_BUFFERED_BYTES) await writes;
      const { done, value } = await reader.read();
      if (done) break;
      pending.push(value);
      pendingBytes += value.byteLength;
      unwritten += value.byteLength;
      received += value.byteLength;
      context.onBytes(received, record.size);
      if (pendingBytes >= CHUNK_BYTES) flush();
    }
  } catch (error) {
    flush();
    await writes;
    if (writeError !== undefined) throw writeError;
    if (Qwen3Error.isInstance(error)) throw error;
    throw new Qwen3Error(
      'NETWORK',
      `The download of ${record.file} was interrupted at ${record.storedBytes} of ${record.size} bytes. Load again to resume from there.`,
      { cause: error, details: { file: record.file, storedBytes: record.storedBytes, size: record.size } },
    );
  }
  if (writeError !== undefined) {
    await reader.cancel().catch(() => undefined);
    await writes;
    throw writeError;
  }
  flush();
  await writes;
  if (writeError !== undefined) throw writeError;
  return record;
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return joined;
}
