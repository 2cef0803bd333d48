/** Runs `run` and returns the `Qwen3Error` it throws (fails the test if it throws nothing or something else). */
import { Qwen3Error } from '../../../src/errors.js';

export function thrown(run: () => unknown): Qwen3Error {
  try {
    run();
  } catch (error) {
    if (Qwen3Error.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a Qwen3Error');
}
