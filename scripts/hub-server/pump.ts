import { open } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** Which bytes to send and how. */
export interface PumpOptions {
  /** First byte to send. */
  start: number;
  /** Last byte to send (inclusive). */
  end: number;
  /** Send only this many bytes, then destroy the socket. */
  cutAfter?: number | undefined;
  /** Pace the body to this rate. */
  bytesPerSecond?: number | undefined;
  /** Flip this byte (absolute file offset, xor 0xff) if the body covers it. */
  corruptAt?: number | undefined;
  /** Called after each chunk is handed to the socket. */
  onBytes(count: number): void;
}

/** How the body ended. */
export type PumpResult = 'complete' | 'aborted' | 'cut';

const CHUNK_SIZE = 256 * 1024;
const THROTTLE_TICKS_PER_SECOND = 20;

/**
 * Streams `absPath[start..end]` into a response whose headers are set, one chunk
 * in memory at a time, honouring back-pressure and client aborts.
 */
export async function pumpFile(res: ServerResponse, absPath: string, options: PumpOptions): Promise<PumpResult> {
  const { start, end, cutAfter, bytesPerSecond, corruptAt, onBytes } = options;
  const stopAt = cutAfter === undefined ? end + 1 : Math.min(end + 1, start + cutAfter);
  const chunkSize = bytesPerSecond
    ? Math.max(1, Math.min(CHUNK_SIZE, Math.floor(bytesPerSecond / THROTTLE_TICKS_PER_SECOND)))
    : CHUNK_SIZE;
  const began = performance.now();
  const file = await open(absPath, 'r');
  try {
    let position = start;
    while (position < stopAt) {
      if (res.destroyed) return 'aborted';
      const length = Math.min(chunkSize, stopAt - position);
      // A fresh buffer per chunk: the socket may still hold the previous one.
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await file.read(buffer, 0, length, position);
      if (bytesRead === 0) throw new Error(`${absPath} shrank while being served`);
      if (corruptAt !== undefined && corruptAt >= position && corruptAt < position + bytesRead) {
        buffer.writeUInt8(buffer.readUInt8(corruptAt - position) ^ 0xff, corruptAt - position);
      }
      if (bytesPerSecond) {
        // Wait before a chunk, not after: the client counts the body done at its last
        // byte, so only this order makes N bytes take at least N / rate seconds.
        const due = ((position + bytesRead - start) / bytesPerSecond) * 1000 - (performance.now() - began);
        if (due > 0) await sleep(due);
      }
      if (res.destroyed) return 'aborted';
      const flushed = writeAndWait(res, buffer.subarray(0, bytesRead));
      position += bytesRead;
      onBytes(bytesRead);
      await flushed;
    }
    if (res.destroyed) return 'aborted';
    if (cutAfter !== undefined && stopAt <= end) {
      await flushHeaders(res);
      res.socket?.destroy();
      return 'cut';
    }
    res.end();
    return 'complete';
  } finally {
    await file.close();
  }
}

/** Writes a chunk; resolves once the socket has taken it (or the response died). */
function writeAndWait(res: ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('close', done);
      resolve();
    };
    res.once('close', done);
    res.write(chunk, () => done());
  });
}

/** Makes sure the status line and headers left, even when no body byte was written. */
function flushHeaders(res: ServerResponse): Promise<void> {
  res.flushHeaders();
  const socket = res.socket;
  if (!socket || socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => socket.write('', () => resolve()));
}
