/**
 * Carries `Qwen3Error`s across the worker boundary intact. comlink's default
 * handler sends only `message`, `name` and `stack`, so the `code` would be
 * lost; this one sends the whole error. Both sides of the boundary install it.
 *
 * comlink's transfer handlers are global to the comlink module, which the
 * host app may use for its own workers. So the handler takes over only
 * `Qwen3Error`s: every other thrown value goes to the handler it replaced,
 * exactly as before, and a message in that handler's format is handed back
 * to it. The SDK's own calls turn whatever else arrives into a `Qwen3Error`
 * on the client side (see `WorkerConnection.guarded`).
 */
import { transferHandlers, type TransferHandler } from 'comlink';
import { Qwen3Error, type SerializedQwen3Error } from './errors.js';

/** How a thrown `Qwen3Error` travels: marked so that no other format is mistaken for it. */
interface SerializedQwen3Throw {
  qwen3Error: SerializedQwen3Error;
}

/** comlink's wrapper around a thrown value (`{ value, [throwMarker]: 0 }`). */
interface Thrown {
  value: unknown;
}

function isQwen3Throw(serialized: unknown): serialized is SerializedQwen3Throw {
  return typeof serialized === 'object' && serialized !== null && 'qwen3Error' in serialized;
}

let installed = false;

/**
 * Installs the handler once per realm (main thread or worker), chaining to
 * the `'throw'` handler in place before it (comlink's own, or the app's).
 */
export function installErrorTransfer(): void {
  if (installed) return;
  const previous = transferHandlers.get('throw') as TransferHandler<Thrown, unknown> | undefined;
  if (!previous) throw new Error('comlink has no "throw" transfer handler to extend');
  const handler: TransferHandler<Thrown, unknown> = {
    canHandle: (value): value is Thrown => previous.canHandle(value),
    serialize: (thrown) => {
      if (!Qwen3Error.isInstance(thrown.value)) return previous.serialize(thrown);
      const serialized: SerializedQwen3Throw = { qwen3Error: thrown.value.toJSON() };
      return [serialized, []];
    },
    deserialize: (serialized) => {
      if (isQwen3Throw(serialized)) throw Qwen3Error.fromJSON(serialized.qwen3Error);
      return previous.deserialize(serialized);
    },
  };
  transferHandlers.set('throw', handler as TransferHandler<unknown, unknown>);
  installed = true;
}
