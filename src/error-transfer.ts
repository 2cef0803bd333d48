/**
 * Carries `Qwen3Error`s across the worker boundary intact. comlink's default
 * handler sends only `message`, `name` and `stack`, so the `code` would be
 * lost; this replaces it with one that sends the whole error. Both sides of
 * the boundary install it.
 */
import { transferHandlers, type TransferHandler } from 'comlink';
import { Qwen3Error, toQwen3Error, type SerializedQwen3Error } from './errors.js';

interface SerializedThrow {
  error: SerializedQwen3Error;
}

let installed = false;

/** Installs the handler once per realm (main thread or worker). */
export function installErrorTransfer(): void {
  if (installed) return;
  const original = transferHandlers.get('throw');
  if (!original) throw new Error('comlink has no "throw" transfer handler to replace');
  const handler: TransferHandler<{ value: unknown }, SerializedThrow> = {
    canHandle: (value): value is { value: unknown } => original.canHandle(value),
    serialize: ({ value }) => [{ error: toQwen3Error(value).toJSON() }, []],
    deserialize: (serialized) => {
      throw Qwen3Error.fromJSON(serialized.error);
    },
  };
  transferHandlers.set('throw', handler as TransferHandler<unknown, unknown>);
  installed = true;
}
