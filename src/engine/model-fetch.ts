/**
 * The fetch transformers.js uses for model files: cancellable with the load's
 * signal, and turning a network failure or a server error into a typed
 * `NETWORK` error.
 */
import { Qwen3Error } from '../errors.js';

/** Creates a fetch bound to one load's `signal`. */
export function createModelFetch(signal: AbortSignal): (input: string | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    let response: Response;
    try {
      response = await fetch(input, { ...init, signal });
    } catch (error) {
      if (signal.aborted) throw new Qwen3Error('ABORTED', 'The load was aborted.', { cause: error });
      throw new Qwen3Error(
        'NETWORK',
        `Could not reach ${String(input)}: ${error instanceof Error ? error.message : String(error)}. Check the connection or the host option.`,
        { cause: error, details: { url: String(input) } },
      );
    }
    // A server failure is worth retrying later, unlike a missing file.
    if (response.status >= 500 || response.status === 429) {
      throw new Qwen3Error(
        'NETWORK',
        `The model host answered ${response.status} ${response.statusText} for ${String(input)}. Try again in a moment.`,
        { details: { url: String(input), status: response.status } },
      );
    }
    return response;
  };
}
