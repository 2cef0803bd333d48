/**
 * The one error class of the SDK. Every failure that reaches a caller is a
 * `Qwen3Error` with a `code`, whether it happened on the main thread or inside
 * the worker (see `error-transfer.ts`, which carries it across intact).
 */

/** What went wrong, as a stable machine-readable code. */
export type Qwen3ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_LOADED'
  | 'MODEL_NOT_FOUND'
  | 'NETWORK'
  | 'QUOTA_EXCEEDED'
  | 'INTEGRITY'
  | 'CONTEXT_OVERFLOW'
  | 'ABORTED'
  | 'BUSY'
  | 'MODEL_CONFLICT'
  | 'ENGINE_MOVED'
  | 'DISPOSED'
  | 'WEBGPU_UNAVAILABLE'
  | 'UNSUPPORTED'
  | 'DEVICE_LOST'
  | 'WORKER_FAILED'
  | 'INTERNAL';

/** Every code, for validation and documentation. */
export const QWEN3_ERROR_CODES: readonly Qwen3ErrorCode[] = [
  'INVALID_ARGUMENT',
  'NOT_LOADED',
  'MODEL_NOT_FOUND',
  'NETWORK',
  'QUOTA_EXCEEDED',
  'INTEGRITY',
  'CONTEXT_OVERFLOW',
  'ABORTED',
  'BUSY',
  'MODEL_CONFLICT',
  'ENGINE_MOVED',
  'DISPOSED',
  'WEBGPU_UNAVAILABLE',
  'UNSUPPORTED',
  'DEVICE_LOST',
  'WORKER_FAILED',
  'INTERNAL',
];

// A registry symbol, not a class check: the error must still be recognised when
// it comes from another realm or from a second copy of this package in a bundle.
const MARKER = Symbol.for('qwen3-web.error');

/** A plain, structured-cloneable form of a {@link Qwen3Error}. */
export interface SerializedQwen3Error {
  code: Qwen3ErrorCode;
  message: string;
  details?: Record<string, unknown>;
  stack?: string;
}

/**
 * An SDK failure with a machine-readable {@link Qwen3ErrorCode} and a message
 * that says what to do next.
 *
 * @example
 * ```ts
 * import { Qwen3Error } from 'qwen3-web';
 * try {
 *   await client.load({ model: 'onnx-community/Qwen3-0.6B-ONNX' });
 * } catch (error) {
 *   if (Qwen3Error.isInstance(error) && error.code === 'NETWORK') console.log('offline?');
 * }
 * ```
 */
export class Qwen3Error extends Error {
  readonly code: Qwen3ErrorCode;
  /** Extra facts about the failure (sizes, limits, the file that failed...). */
  readonly details?: Record<string, unknown>;
  private readonly [MARKER] = true;

  constructor(
    code: Qwen3ErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'Qwen3Error';
    this.code = code;
    if (options.details !== undefined) this.details = options.details;
  }

  /** True for any `Qwen3Error`, across realms and duplicate bundles. */
  static isInstance(value: unknown): value is Qwen3Error {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }

  /** The structured-cloneable form, for `postMessage`. */
  toJSON(): SerializedQwen3Error {
    const plain: SerializedQwen3Error = { code: this.code, message: this.message };
    if (this.details !== undefined) plain.details = this.details;
    if (this.stack !== undefined) plain.stack = this.stack;
    return plain;
  }

  /** Rebuilds an error from {@link Qwen3Error.toJSON}'s output. */
  static fromJSON(plain: SerializedQwen3Error): Qwen3Error {
    const error = new Qwen3Error(plain.code, plain.message, plain.details ? { details: plain.details } : {});
    if (plain.stack !== undefined) error.stack = plain.stack;
    return error;
  }
}

/**
 * Wraps anything thrown into a `Qwen3Error`, keeping one that already is.
 * `fallback` is the code for failures nobody classified.
 */
export function toQwen3Error(error: unknown, fallback: Qwen3ErrorCode = 'INTERNAL'): Qwen3Error {
  if (Qwen3Error.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new Qwen3Error(fallback, message, { cause: error });
}
